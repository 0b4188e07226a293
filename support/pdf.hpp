#pragma once
// A small PDF writer for printable reports: A4 pages of headings, lines and tables of text,
// broken into pages as they fill. Latin text is set in Helvetica, Chinese in Adobe's
// STSong-Light (a standard CJK font that readers supply, so nothing is embedded); both carry
// a ToUnicode map, so text extraction (pdftotext) and search give the characters back.

#include <string>
#include <string_view>
#include <vector>

namespace crossclaim::support {

class pdf_document {
  public:
    explicit pdf_document(std::string title);

    void heading(std::string_view text);      ///< a section heading
    void line(std::string_view text);         ///< a line of body text
    void gap();                               ///< half a line of space
    /// A table: a bold header row, then the rows; `widths` are the columns' shares of the
    /// line (they need not add up to 1), one per column.
    void table(const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows,
               const std::vector<double>& widths);

    /// The finished file.
    std::string finish() const;

  private:
    void text_at(double x, double y, double size, bool bold, std::string_view utf8);
    void need(double height);  ///< starts a new page unless `height` still fits
    void new_page();

    std::string title_;
    std::vector<std::string> pages_;  ///< each page's content stream
    double y_ = 0;
};

}  // namespace crossclaim::support
