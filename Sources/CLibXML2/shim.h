#ifndef GLEANER_CLIBXML2_SHIM_H
#define GLEANER_CLIBXML2_SHIM_H
// Debian builds libxml2 with ICU, whose headers clash with the copy of ICU inside Swift's
// Foundation. Gleaner never touches libxml2's encoding handlers (it hands the parser UTF-8),
// so the ICU part of <libxml/encoding.h> is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#endif
