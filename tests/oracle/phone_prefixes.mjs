// Prints libphonenumber-js's verdict on mainland mobile numbers, one "NUMBER VERDICT" line
// each (1: a valid MOBILE or FIXED_LINE_OR_MOBILE number, 0: not), for the gateway's unit
// test to compare with config/mobile_segments.toml. libphonenumber-js is an oracle kept
// apart from our data on purpose: the segment list was read off its metadata, and this
// script is what notices when the two drift apart.
//
// Every prefix of three, four and five digits (100–199, 1000–1999, 10000–19999) is
// filled to eleven digits with several fills, because the metadata is not three-digit
// regular: 1610 and 17400–17405 are mobile segments inside unallocated 161 and 174.
//
// Usage: node tests/oracle/phone_prefixes.mjs > phone_oracle.txt

// The 'max' metadata carries the per-type patterns; the default one only knows lengths and
// would call every well-shaped number valid without saying whether it is a mobile.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const fills = ['0', '5', '9'];

function is_mobile(national) {
    const number = parsePhoneNumberFromString(national, 'CN');
    if (!number || !number.isValid()) return false;
    const type = number.getType();
    return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

const lines = [];
for (const [first, last] of [[100, 199], [1000, 1999], [10000, 19999]]) {
    for (let prefix = first; prefix <= last; ++prefix) {
        const head = String(prefix);
        for (const fill of fills) {
            const national = head + fill.repeat(11 - head.length);
            lines.push(`${national} ${is_mobile(national) ? 1 : 0}`);
        }
    }
}
process.stdout.write(lines.join('\n') + '\n');
