// The PDF writer, read back by poppler's pdftotext as the association's tools would.

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/pdf.hpp"

namespace {

std::string pdftotext(const std::string& pdf) {
    const auto dir = std::filesystem::temp_directory_path();
    const auto in = (dir / "crossclaim-pdf-test.pdf").string();
    const auto out = (dir / "crossclaim-pdf-test.txt").string();
    std::ofstream(in, std::ios::binary) << pdf;
    REQUIRE(std::system(("pdftotext -layout " + in + " " + out).c_str()) == 0);
    std::ifstream t(out);
    std::stringstream s;
    s << t.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("a PDF's Latin and Chinese text reads back, across pages", "[unit][pdf]") {
    crossclaim::support::pdf_document pdf("月度进展报告 Monthly report 2026-11");
    pdf.heading("案件概况 Claims");
    pdf.line("报案 Claims reported: 1234 (a \\ b) ok");
    std::vector<std::vector<std::string>> rows;
    for (int i = 0; i < 120; ++i) rows.push_back({"PICC-" + std::to_string(i), "陇南 621200"});
    pdf.table({"保险公司 Insurer", "地区 Region"}, rows, {1, 1});
    const auto bytes = pdf.finish();
    CHECK(bytes.rfind("%PDF-1.4", 0) == 0);
    const auto text = pdftotext(bytes);
    CHECK(text.find("月度进展报告") != std::string::npos);
    CHECK(text.find("Monthly report 2026-11") != std::string::npos);
    CHECK(text.find("Claims reported: 1234 (a \\ b) ok") != std::string::npos);
    CHECK(text.find("PICC-0") != std::string::npos);
    CHECK(text.find("PICC-119") != std::string::npos);  // on a later page
    CHECK(text.find("陇南") != std::string::npos);
    CHECK(text.find('\f') != std::string::npos);  // more than one page
}
