-- GET /v1/claims/{id}: the claim as JSON, or NULL unless `$2` (a member) insures one of its
-- parties. A function for one reason: its plan. Since claims and claim_history are
-- partitioned (0008_claims_by_month.sql), PostgreSQL prices the plan made once for any id
-- above a plan made for each id (it counts every month's partition, though only one is read),
-- so it planned this statement again at every call: 0.35 ms of planning per read, on top of
-- 0.3 ms of execution, on the benchmark machine. Here the plan is made once per connection
-- (plan_cache_mode), and each call reads one month of each table, pruned as it starts.
CREATE FUNCTION claim_view(uuid, text) RETURNS text LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN (
        SELECT json_build_object(
            'claim_id', c.claim_id,
            'external_ref', c.external_ref,
            'submitted_by', c.submitter,
            'reported_at', cc_time(c.reported_at),
            'accident', c.document -> 'accident',
            'parties', c.document -> 'parties',
            'routing', c.response::json -> 'routing',
            'fast_settle', c.decision -> 'fast_settle',
            'mutual_self_settle', c.decision -> 'mutual_self_settle',
            'sla', json_build_object('tier', c.tier, 'deadlines', coalesce((
                SELECT json_agg(json_build_object(
                    'party', d.party, 'stage', d.stage, 'basis', d.basis, 'due', cc_time(d.due),
                    'met_at', cc_time(d.met_at), 'cancelled_at', cc_time(d.cancelled_at),
                    'escalation_level', d.escalation_level,
                    'escalations', coalesce((
                        SELECT json_agg(json_build_object('level', e.level, 'target', e.target,
                                                            'at', cc_time(e.escalated_at))
                                         ORDER BY e.level)
                        FROM sla_escalations e WHERE e.deadline_id = d.id), '[]'::json))
                    ORDER BY d.due, d.id)
                FROM sla_deadlines d WHERE d.claim_id = $1), '[]'::json)),
            'status', coalesce((
                SELECT json_agg(json_build_object(
                    'party', p.party, 'status', p.status, 'handling_branch', p.handling_branch,
                    'history', coalesce((
                        SELECT json_agg(json_strip_nulls(json_build_object(
                            'status', h.status, 'at', cc_time(h.at), 'amount', cc_money(h.amount_fen),
                            'method', h.method, 'reason', h.reason, 'recorded_by', h.recorded_by))
                            ORDER BY h.id)
                        FROM claim_history h
                        WHERE h.claim_id = $1 AND h.party = p.party), '[]'::json))
                    ORDER BY p.party)
                FROM claim_parties p WHERE p.claim_id = $1), '[]'::json)
        )::text
        FROM claims c
        WHERE c.claim_id = $1
          AND EXISTS (SELECT 1 FROM claim_parties WHERE claim_id = $1 AND insurer = $2)
    );
END $$;
