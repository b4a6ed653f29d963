#include "sqlfunctions.h"

#include "searchtext.h"

#include <QByteArray>
#include <QList>
#include <sqlite3.h>

namespace Hookscope::Store {

namespace {

// A view of an argument's bytes, valid until the function returns.
QByteArray argument(sqlite3_value *value)
{
    const auto *data = static_cast<const char *>(sqlite3_value_blob(value));
    return QByteArray::fromRawData(data ? data : "", sqlite3_value_bytes(value));
}

void resultText(sqlite3_context *context, const QByteArray &text)
{
    sqlite3_result_text64(context, text.constData(), sqlite3_uint64(text.size()), SQLITE_TRANSIENT,
                          SQLITE_UTF8);
}

void searchLine(sqlite3_context *context, int, sqlite3_value **argv)
{
    resultText(context, SearchText::line(argument(argv[0]), argument(argv[1]),
                                         sqlite3_value_int(argv[2]), argument(argv[3])));
}

void searchHeaders(sqlite3_context *context, int, sqlite3_value **argv)
{
    resultText(context, SearchText::headers(argument(argv[0]), argument(argv[1])));
}

void searchBody(sqlite3_context *context, int, sqlite3_value **argv)
{
    resultText(context, SearchText::body(argument(argv[0]), argument(argv[1]), argument(argv[2]),
                                         argument(argv[3])));
}

void searchFacets(sqlite3_context *context, int, sqlite3_value **argv)
{
    SearchText::FacetSource row;
    row.method = argument(argv[0]);
    row.status = sqlite3_value_int(argv[1]);
    row.verdict = sqlite3_value_int(argv[2]);
    row.blocked = sqlite3_value_int(argv[3]) != 0;
    row.replayOf = sqlite3_value_int64(argv[4]);
    row.path = argument(argv[5]);
    row.requestHeaders = argument(argv[6]);
    row.responseHeaders = argument(argv[7]);
    resultText(context, SearchText::facets(row));
}

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool blockHasHeader(const QByteArray &block, const QByteArray &name, sqlite3_value *pattern)
{
    if (sqlite3_value_type(pattern) == SQLITE_NULL)
        return SearchText::anyHeaderValue(block, name, [](const QByteArray &) { return true; });
    const QByteArray wanted = argument(pattern);
    return SearchText::anyHeaderValue(block, name, [&wanted](const QByteArray &value) {
        return headerValueMatches(value.constData(), int(value.size()), wanted.constData(),
                                  int(wanted.size()));
    });
}

void headerMatch(sqlite3_context *context, int, sqlite3_value **argv)
{
    const QByteArray name = argument(argv[2]);
    const bool found = blockHasHeader(argument(argv[0]), name, argv[3]) ||
                       blockHasHeader(argument(argv[1]), name, argv[3]);
    sqlite3_result_int(context, found ? 1 : 0);
}

bool isTokenByte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// A word of a text as the index sees it, [start, end): non-ASCII bytes count as word
// characters, a close approximation of the unicode61 tokenizer.
struct Word
{
    qsizetype start;
    qsizetype end;
};

// The first word at or after `from`; start is text.size() when there is none.
Word nextWord(const QByteArray &text, qsizetype from)
{
    while (from < text.size() && !isTokenByte(uchar(text[from])))
        ++from;
    qsizetype end = from;
    while (end < text.size() && isTokenByte(uchar(text[end])))
        ++end;
    return {from, end};
}

// A phrase's words (ASCII case folded) and whether the last may be the start of a longer word.
struct Phrase
{
    explicit Phrase(const QByteArray &phrase)
        : prefix(phrase.trimmed().endsWith('*'))
    {
        for (Word w = nextWord(phrase, 0); w.start < phrase.size(); w = nextWord(phrase, w.end))
            words.append(phrase.mid(w.start, w.end - w.start).toLower());
    }

    // Whether the phrase's words are the text's words from text[at] on, one after another; reads
    // the text in place.
    bool startsAt(const QByteArray &text, qsizetype at) const
    {
        for (qsizetype k = 0; k < words.size(); ++k) {
            const Word w = nextWord(text, at);
            const qsizetype n = w.end - w.start;
            const QByteArray &wanted = words[k];
            const bool last = k + 1 == words.size();
            if (n == 0 || n < wanted.size() || (n > wanted.size() && !(last && prefix)))
                return false;
            for (qsizetype i = 0; i < wanted.size(); ++i) {
                if (lower(text[w.start + i]) != wanted[i])
                    return false;
            }
            at = w.end;
        }
        return true;
    }

    QList<QByteArray> words;
    bool prefix;
};

bool phraseMatches(const QByteArray &text, const Phrase &phrase)
{
    if (phrase.words.isEmpty())
        return false;
    for (Word w = nextWord(text, 0); w.start < text.size(); w = nextWord(text, w.end)) {
        if (phrase.startsAt(text, w.start))
            return true;
    }
    return false;
}

void textMatch(sqlite3_context *context, int, sqlite3_value **argv)
{
    // The phrase is the same for every row of a query: parse it once and keep it with the
    // statement.
    auto *phrase = static_cast<Phrase *>(sqlite3_get_auxdata(context, 1));
    if (!phrase) {
        phrase = new Phrase(argument(argv[1]));
        sqlite3_set_auxdata(context, 1, phrase, [](void *p) { delete static_cast<Phrase *>(p); });
        phrase = static_cast<Phrase *>(sqlite3_get_auxdata(context, 1));
        if (!phrase) { // SQLite could not keep it (out of memory): it was deleted already
            sqlite3_result_error_nomem(context);
            return;
        }
    }
    sqlite3_result_int(context, phraseMatches(argument(argv[0]), *phrase) ? 1 : 0);
}

} // namespace

bool textMatches(const QByteArray &text, const QByteArray &phrase)
{
    return phraseMatches(text, Phrase(phrase));
}

bool headerValueMatches(const char *value, int valueSize, const char *pattern, int patternSize)
{
    // Greedy wildcard matching with one backtrack point, as in fnmatch without classes.
    int v = 0, p = 0, star = -1, resume = 0;
    while (v < valueSize) {
        if (p < patternSize && pattern[p] == '*') {
            star = p++;
            resume = v;
        } else if (p < patternSize && lower(pattern[p]) == lower(value[v])) {
            ++p;
            ++v;
        } else if (star >= 0) {
            p = star + 1;
            v = ++resume;
        } else {
            return false;
        }
    }
    while (p < patternSize && pattern[p] == '*')
        ++p;
    return p == patternSize;
}

int registerSqlFunctions(sqlite3 *db)
{
    struct Function
    {
        const char *name;
        int arguments;
        void (*call)(sqlite3_context *, int, sqlite3_value **);
    };
    const Function functions[] = {
        {"hs_search_line", 4, searchLine},   {"hs_search_headers", 2, searchHeaders},
        {"hs_search_body", 4, searchBody},   {"hs_search_facets", 8, searchFacets},
        {"hs_header_match", 4, headerMatch}, {"hs_text_match", 2, textMatch},
    };
    for (const Function &f : functions) {
        const int rc = sqlite3_create_function_v2(
            db, f.name, f.arguments, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
            f.call, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

} // namespace Hookscope::Store
