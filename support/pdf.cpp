#include "support/pdf.hpp"

#include <algorithm>
#include <cstdio>

#include "domain/utf8.hpp"

namespace crossclaim::support {
namespace {

constexpr double page_width = 595.0, page_height = 842.0;  // A4 in points
constexpr double margin = 50.0;
constexpr double body_size = 9.5, heading_size = 13.0, title_size = 16.0;

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::u32string decode(std::string_view utf8) {
    const auto chars = domain::decode_utf8(utf8);
    if (!chars) return U"?";
    return std::u32string(chars->begin(), chars->end());
}

// Splits UTF-8 into runs of ASCII (Helvetica) and of everything else (STSong-Light).
struct run {
    bool cjk;
    std::u32string text;
};

std::vector<run> runs_of(std::string_view utf8) {
    std::vector<run> out;
    for (char32_t c : decode(utf8)) {
        const bool cjk = c > 0x7e;
        if (out.empty() || out.back().cjk != cjk) out.push_back({cjk, {}});
        out.back().text += c;
    }
    return out;
}

std::string latin_string(const std::u32string& s) {
    std::string out = "(";
    for (char32_t c : s) {
        if (c == '(' || c == ')' || c == '\\') out += '\\';
        out += c < 0x20 ? ' ' : static_cast<char>(c);
    }
    return out + ")";
}

// UCS-2 big-endian, as the UniGB-UCS2-H encoding takes it; outside the BMP becomes "?".
std::string cjk_string(const std::u32string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out = "<";
    for (char32_t c : s) {
        const unsigned v = c > 0xffff ? 0x3f : static_cast<unsigned>(c);
        for (int shift = 12; shift >= 0; shift -= 4) out += hex[(v >> shift) & 0xf];
    }
    return out + ">";
}

// Codes of UniGB-UCS2-H are UCS-2, so the ToUnicode map is the identity, in ranges that
// each keep their first byte.
std::string identity_to_unicode() {
    std::string m =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    static const char* hex = "0123456789ABCDEF";
    for (int block = 0; block < 256; block += 100) {
        const int n = std::min(100, 256 - block);
        m += std::to_string(n) + " beginbfrange\n";
        for (int hi = block; hi < block + n; ++hi) {
            const std::string h{hex[hi >> 4], hex[hi & 0xf]};
            m += "<" + h + "00> <" + h + "FF> <" + h + "00>\n";
        }
        m += "endbfrange\n";
    }
    return m + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
}

}  // namespace

pdf_document::pdf_document(std::string title) : title_(std::move(title)) {
    new_page();
    text_at(margin, y_, title_size, true, title_);
    y_ -= title_size * 1.8;
}

void pdf_document::new_page() {
    pages_.emplace_back();
    y_ = page_height - margin;
}

void pdf_document::need(double height) {
    if (y_ - height < margin) new_page();
}

void pdf_document::text_at(double x, double y, double size, bool bold, std::string_view utf8) {
    std::string& s = pages_.back();
    s += "BT " + number(x) + " " + number(y) + " Td ";
    for (const auto& r : runs_of(utf8)) {
        s += r.cjk ? "/F3 " : (bold ? "/F2 " : "/F1 ");
        s += number(size) + " Tf " + (r.cjk ? cjk_string(r.text) : latin_string(r.text)) + " Tj ";
    }
    s += "ET\n";
}

void pdf_document::heading(std::string_view text) {
    need(heading_size * 3);
    y_ -= heading_size * 0.6;
    text_at(margin, y_, heading_size, true, text);
    y_ -= heading_size * 1.4;
}

void pdf_document::line(std::string_view text) {
    need(body_size * 1.5);
    text_at(margin, y_, body_size, false, text);
    y_ -= body_size * 1.5;
}

void pdf_document::gap() { y_ -= body_size * 0.75; }

void pdf_document::table(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows,
                         const std::vector<double>& widths) {
    double total = 0;
    for (double w : widths) total += w;
    std::vector<double> xs;
    double x = margin;
    for (double w : widths) {
        xs.push_back(x);
        x += (page_width - 2 * margin) * w / total;
    }
    const auto row = [&](const std::vector<std::string>& cells, bool bold) {
        need(body_size * 1.5);
        for (std::size_t i = 0; i < cells.size() && i < xs.size(); ++i)
            text_at(xs[i], y_, body_size, bold, cells[i]);
        y_ -= body_size * 1.45;
    };
    row(header, true);
    for (const auto& r : rows) row(r, false);
    if (rows.empty()) row({"—"}, false);
    gap();
}

std::string pdf_document::finish() const {
    // Objects: 1 catalog, 2 page tree, 3–5 fonts, 6 CJK descendant, 7 its ToUnicode, 8 info,
    // then a page and its content stream for each page.
    std::vector<std::string> objects;
    const std::size_t first_page = 9;
    std::string kids;
    for (std::size_t i = 0; i < pages_.size(); ++i)
        kids += std::to_string(first_page + 2 * i) + " 0 R ";
    objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
    objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " +
                      std::to_string(pages_.size()) + " >>");
    objects.push_back(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    objects.push_back(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
    objects.push_back(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>");
    objects.push_back(
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        "<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor "
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>");
    const auto cmap = identity_to_unicode();
    objects.push_back("<< /Length " + std::to_string(cmap.size()) + " >>\nstream\n" + cmap +
                      "endstream");
    objects.push_back("<< /Title " + cjk_string(decode(title_)).insert(1, "FEFF") +
                      " /Producer (CrossClaim) >>");
    for (std::size_t i = 0; i < pages_.size(); ++i) {
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                          "<< /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> /Contents " +
                          std::to_string(first_page + 2 * i + 1) + " 0 R >>");
        objects.push_back("<< /Length " + std::to_string(pages_[i].size()) + " >>\nstream\n" +
                          pages_[i] + "endstream");
    }
    std::string out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (auto o : offsets) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", o);
        out += buf;
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R /Info 8 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

}  // namespace crossclaim::support
