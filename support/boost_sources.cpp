// Asio's and Beast's compiled parts, built once here instead of inline in every file that
// includes them (BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION are
// set for the whole project in CMakeLists.txt). This roughly halves the compile time of the
// gateway's heaviest files in the sanitizer build.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
