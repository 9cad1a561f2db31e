/*
 * A page's bytes as UTF-8, for the parser, without building the page's text: GBK converted, UTF-8 checked.
 *
 * gbk_to_utf8: GBK bytes -> UTF-8 bytes, strictly, through a table built from CPython's own gbk codec.
 * CPython's CJK codecs write the decoded text a character at a time (~40 instructions a character), and
 * the HTML parser then wants the page in UTF-8, which costs a second pass: 0.42 ms on the median GB page
 * of bench/speed.py against 0.06 ms for decoding the same page's UTF-8. This loop writes UTF-8 at once.
 * It holds no mapping of its own: streams/analysis/decode.py builds the table by decoding every two-byte
 * sequence with the gbk codec, so the output is that codec's, and any sequence the codec rejects makes
 * this function give up (None) for the caller's strict path to handle.
 *
 * is_utf8: whether bytes are what CPython's strict UTF-8 decoder accepts (Unicode's well-formed UTF-8:
 * no overlong forms, no surrogates, nothing past U+10FFFF), without decoding them: the parser reads the
 * bytes, and most pages never need their text as a str (streams/analysis/decode.py).
 *
 * parser_input: the page as the parser should read it, in one pass reading tags as the tokenizer does:
 * without the attributes nothing reads (inline styles, mso and data-v marks: a fifth of a portal page's
 * bytes and a third of lexbor's work on them) and without the code inside long ASCII <script> and <style>
 * elements (a third of the bytes, which lexbor tokenizes byte by byte and the page's text would carry).
 * The reasons, and the Python path (which leaves the code out alike and keeps the attributes):
 * streams/analysis/_html.py's `_parser_input` and `_without_raw_text`.
 */
#define _GNU_SOURCE     /* memmem */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* The table: for each lead byte 0x80-0xFF and trail byte 0x00-0xFF, four bytes: the UTF-8 length of the
 * character the pair decodes to (0: the codec rejects the pair), then its UTF-8 bytes (at most three: the
 * gbk codec decodes to the Basic Multilingual Plane only). */
#define ENTRY_BYTES 4
#define TABLE_BYTES (128 * 256 * ENTRY_BYTES)

/* How many bytes from `in` on are ASCII, counted eight at a time (markup and scripts come in long runs):
 * up to seven ASCII bytes before the first byte beyond ASCII are left to the caller's byte steps. */
static inline size_t ascii_words(const unsigned char *in, const unsigned char *end) {
    const unsigned char *at = in;
    while (end - at >= 8) {
        uint64_t word;
        memcpy(&word, at, 8);
        if (word & UINT64_C(0x8080808080808080)) {
            break;
        }
        at += 8;
    }
    return (size_t)(at - in);
}

PyDoc_STRVAR(gbk_to_utf8_doc,
"gbk_to_utf8(data, table) -> bytes | None\n\n"
"`data` decoded as GBK and encoded as UTF-8, read through `table` (decode.py's, from the gbk codec):\n"
"bytes below 0x80 as they are, every other byte a lead byte taking the next one; None when a pair is not\n"
"in the table or the data ends inside one, where data.decode('gbk') raises.");

static PyObject *gbk_to_utf8(PyObject *module, PyObject *args) {
    Py_buffer data, table;
    if (!PyArg_ParseTuple(args, "y*y*", &data, &table)) {
        return NULL;
    }
    PyObject *result = NULL;
    if (table.len != TABLE_BYTES) {
        PyErr_Format(PyExc_ValueError, "table must hold %d bytes, not %zd", TABLE_BYTES, table.len);
        goto done;
    }
    /* Each pair gives at most three bytes, each other byte one: 3/2 of the input at most. */
    result = PyBytes_FromStringAndSize(NULL, data.len + data.len / 2 + 1);
    if (result == NULL) {
        goto done;
    }
    const unsigned char *in = data.buf;
    const unsigned char *end = in + data.len;
    const unsigned char *entries = table.buf;
    unsigned char *start = (unsigned char *)PyBytes_AS_STRING(result);
    unsigned char *out = start;
    while (in < end) {
        size_t run = ascii_words(in, end);
        memcpy(out, in, run);
        in += run;
        out += run;
        if (in == end) {
            break;
        }
        unsigned char lead = *in;
        if (lead < 0x80) {
            *out++ = lead;
            in++;
            continue;
        }
        if (end - in < 2) {
            goto reject;
        }
        const unsigned char *entry = entries + ((size_t)(lead - 0x80) * 256 + in[1]) * ENTRY_BYTES;
        unsigned char length = entry[0];
        if (length == 0 || length > 3) {
            goto reject;
        }
        out[0] = entry[1];
        out[1] = entry[2];
        out[2] = entry[3];
        out += length;
        in += 2;
    }
    if (_PyBytes_Resize(&result, out - start) < 0) {
        result = NULL;
    }
    goto done;
reject:
    Py_CLEAR(result);
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&data);
    PyBuffer_Release(&table);
    return result;
}

PyDoc_STRVAR(is_utf8_doc,
"is_utf8(data) -> bool\n\n"
"True when data.decode('utf-8') (strict) succeeds: every sequence well-formed as Unicode defines it.");

static PyObject *is_utf8(PyObject *module, PyObject *args) {
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "y*", &data)) {
        return NULL;
    }
    const unsigned char *in = data.buf;
    const unsigned char *end = in + data.len;
    int valid = 1;
    while (in < end) {
        in += ascii_words(in, end);
        if (in == end) {
            break;
        }
        unsigned char lead = *in;
        if (lead < 0x80) {
            in++;
            continue;
        }
        /* Unicode 15, table 3-7: the second byte's range depends on the lead; later ones are 80-BF. */
        int length;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                low = 0xA0;
            } else if (lead == 0xED) {
                high = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                low = 0x90;
            } else if (lead == 0xF4) {
                high = 0x8F;
            }
        } else {
            valid = 0;
            break;
        }
        if (end - in < length || in[1] < low || in[1] > high) {
            valid = 0;
            break;
        }
        for (int index = 2; index < length; index++) {
            if (in[index] < 0x80 || in[index] > 0xBF) {
                valid = 0;
                break;
            }
        }
        if (!valid) {
            break;
        }
        in += length;
    }
    PyBuffer_Release(&data);
    return PyBool_FromLong(valid);
}

/* ASCII lower case of one byte. */
static inline unsigned char ascii_lower(unsigned char c) {
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Whether `at` (with `end - at` bytes left) starts with `word` (lower case), ASCII case-insensitively. */
static inline int starts_with_lower(const unsigned char *at, const unsigned char *end, const char *word,
                                    size_t length) {
    if ((size_t)(end - at) < length) {
        return 0;
    }
    for (size_t index = 0; index < length; index++) {
        if (ascii_lower(at[index]) != (unsigned char)word[index]) {
            return 0;
        }
    }
    return 1;
}

/* Whether the `length` bytes at `a` and at `b` are alike, ASCII case-insensitively. */
static inline int same_ignoring_case(const unsigned char *a, const unsigned char *b, size_t length) {
    for (size_t index = 0; index < length; index++) {
        if (ascii_lower(a[index]) != ascii_lower(b[index])) {
            return 0;
        }
    }
    return 1;
}

/* A byte that may end a tag name: ASCII whitespace, '/' or '>'. */
static inline int ends_tag_name(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>';
}

/* Whether "document.write" is in [at, end): by memchr for its 'w' (rarer in code than its other
 * letters), then a compare. */
static int holds_document_write(const unsigned char *at, const unsigned char *end) {
    static const char before[] = "document.";      /* the 9 bytes before "write" */
    for (const unsigned char *w = at + 9; w < end && (w = memchr(w, 'w', (size_t)(end - w))) != NULL; w++) {
        if (end - w >= 5 && memcmp(w, "write", 5) == 0 && memcmp(w - 9, before, 9) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The content may be left out: ASCII only, no '<!--' (the tokenizer's escaped states, where "</script"
 * does not end the element) and no document.write (templates print the page's date with it; the label
 * scan reads script text). A word-at-a-time pass and memchr: a byte-by-byte test of each (or memmem)
 * cost as much as lexbor's tokenizing of the same bytes. */
static int strippable(const unsigned char *at, const unsigned char *end) {
    for (const unsigned char *c = at + ascii_words(at, end); c < end; c++) {
        if (*c >= 0x80) {
            return 0;
        }
    }
    for (const unsigned char *c = at; c < end && (c = memchr(c, '<', (size_t)(end - c))) != NULL; c++) {
        if (end - c >= 4 && c[1] == '!' && c[2] == '-' && c[3] == '-') {
            return 0;
        }
    }
    return !holds_document_write(at, end);
}

/* Where the first end tag at or after `at` starts whose name is the `length` bytes at `name` (the start
 * tag's, any case), as the tokenizer ends the element ("</name" then a space, '/' or '>'), or NULL. */
static const unsigned char *end_tag(const unsigned char *at, const unsigned char *end, size_t length,
                                    const unsigned char *name) {
    while ((at = memchr(at, '<', (size_t)(end - at))) != NULL) {
        if (end - at >= 2 && at[1] == '/' && (size_t)(end - at - 2) > length && ends_tag_name(at[2 + length])) {
            size_t index = 0;
            while (index < length && ascii_lower(at[2 + index]) == ascii_lower(name[index])) {
                index++;
            }
            if (index == length) {
                return at;
            }
        }
        at++;
    }
    return NULL;
}

static inline int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static inline int is_alpha(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

#define LONGEST_NAME 9      /* "plaintext" */

/* The first letter of a name element_kind knows (s, t, x, i, n, p in either case): most tags are not. */
static inline int may_name_an_element(unsigned char c) {
    c = ascii_lower(c);
    return c == 's' || c == 't' || c == 'x' || c == 'i' || c == 'n' || c == 'p';
}

/* An element name the scan stops at: 0 none, 1 script or style (raw text that may go), 2 read as text
 * (title, textarea, xmp, iframe, noembed, noframes), 3 plaintext. The name is [name, name + length). */
static int element_kind(const unsigned char *name, size_t length) {
    static const struct { const char *word; size_t length; int kind; } names[] = {
        {"script", 6, 1}, {"style", 5, 1}, {"title", 5, 2}, {"textarea", 8, 2}, {"xmp", 3, 2},
        {"iframe", 6, 2}, {"noembed", 7, 2}, {"noframes", 8, 2}, {"plaintext", 9, 3},
    };
    for (size_t index = 0; index < sizeof names / sizeof names[0]; index++) {
        if (names[index].length == length && starts_with_lower(name, name + length, names[index].word, length)) {
            return names[index].kind;
        }
    }
    return 0;
}

/* ---- parser_input ----------------------------------------------------------------------------------- */

#define MOST_KEPT_NAMES 32
#define FOREIGN_DEPTH 64        /* SVG or MathML elements open at once that the scan follows */

/* Bytes that end a tag name (1: whitespace, '/', '>') and an attribute's name (those and 2: '='), looked up
 * instead of compared one by one: the names are most of the bytes the pass reads. */
static const unsigned char name_ends[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1, ['/'] = 1, ['>'] = 1, ['='] = 2,
};

typedef struct {
    const char *name;       /* lower case */
    size_t length;
} kept_name;

static int is_kept(const unsigned char *name, size_t length, const kept_name *kept, size_t count) {
    for (size_t index = 0; index < count; index++) {
        if (kept[index].length == length && starts_with_lower(name, name + length, kept[index].name, length)) {
            return 1;
        }
    }
    return 0;
}

/* Whether `at` starts "script" (any case) and then a byte that ends a tag name. */
static inline int names_script(const unsigned char *at, const unsigned char *end) {
    return end - at > 6 && starts_with_lower(at, end, "script", 6) && ends_tag_name(at[6]);
}

/* Where the end tag closing a script element whose content starts at `at` begins, read through the
 * tokenizer's script data states: "<!--" escapes, a "<script" inside an escape double-escapes, where a
 * "</script" only ends the double escape, and "-->" ends either (old pages write
 * <script><!-- document.write("<script …></script>") //--></script>). NULL when the page ends first. */
static const unsigned char *script_end(const unsigned char *at, const unsigned char *end) {
    enum { DATA, ESCAPED, DOUBLE_ESCAPED } state = DATA;
    for (const unsigned char *c = at; c < end; c++) {
        if (state == DATA && (c = memchr(c, '<', (size_t)(end - c))) == NULL) {
            return NULL;                                     /* outside an escape only a '<' matters */
        }
        if (*c == '-') {
            if (state != DATA && end - c >= 3 && c[1] == '-' && c[2] == '>') {
                state = DATA;
                c += 2;
            }
            continue;
        }
        if (*c != '<') {
            continue;
        }
        if (end - c >= 2 && c[1] == '/' && names_script(c + 2, end)) {
            if (state != DOUBLE_ESCAPED) {
                return c;
            }
            state = ESCAPED;
            c += 7;
        } else if (state == DATA && end - c >= 4 && c[1] == '!' && c[2] == '-' && c[3] == '-') {
            state = ESCAPED;
            c += 1;                                          /* "<!-->" closes at once: its dashes are read */
        } else if (state == ESCAPED && names_script(c + 1, end)) {
            state = DOUBLE_ESCAPED;
            c += 6;
        }
    }
    return NULL;
}

/* Whether the `length` bytes at `name` spell `word` (lower case), ASCII case-insensitively. */
static inline int spells(const unsigned char *name, size_t length, const char *word) {
    return strlen(word) == length && starts_with_lower(name, name + length, word, length);
}

/* Does the tag name [name, name + length) open foreign content (svg or math, in any case)? */
static int opens_foreign_content(const unsigned char *name, size_t length) {
    return spells(name, length, "svg") || spells(name, length, "math");
}

/* A start tag inside SVG or MathML that the scan does not follow: the HTML tags that break out of foreign
 * content (font too, which breaks out by its attributes), the integration points whose content is read as
 * HTML (an SVG title, desc or foreignObject; MathML's text elements and annotation-xml), and noframes
 * (raw text where a frameset ignored the svg). The rest of the page is then kept as it is. */
static int leaves_foreign_content(const unsigned char *name, size_t length) {
    static const char *const words[] = {
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr",
        "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
        "ul", "var", "font", "title", "desc", "foreignobject", "mi", "mo", "mn", "ms", "mtext",
        "annotation-xml", "noframes",
    };
    if (length > 14) {
        return 0;
    }
    for (size_t index = 0; index < sizeof words / sizeof words[0]; index++) {
        if (spells(name, length, words[index])) {
            return 1;
        }
    }
    return 0;
}

/* The end of a bogus comment, doctype or CDATA section opened at `start` (inside SVG or MathML where
 * `foreign`): the byte after its close, or NULL when it runs to the end of the page. */
static const unsigned char *after_markup_declaration(const unsigned char *start, const unsigned char *end,
                                                     int foreign) {
    if (end - start >= 4 && start[2] == '-' && start[3] == '-') {            /* "<!--", "<!-->" closes at once */
        const unsigned char *close = memmem(start + 2, (size_t)(end - start - 2), "-->", 3);
        return close != NULL ? close + 3 : NULL;
    }
    if (foreign && end - start >= 9 && memcmp(start + 2, "[CDATA[", 7) == 0) {
        const unsigned char *close = memmem(start + 9, (size_t)(end - start - 9), "]]>", 3);
        return close != NULL ? close + 3 : NULL;
    }
    if (end - start >= 9 && memcmp(start + 2, "[CDATA[", 7) == 0) {
        /* In SVG or MathML a CDATA section runs to "]]>", elsewhere to '>': the later end is skipped. Markup
         * between the two ends (<![CDATA[><title>]]>…: a title opened outside foreign content reads what
         * follows as its text) leaves the rest of the page in doubt: it is kept as it is. */
        const unsigned char *close = memmem(start + 9, (size_t)(end - start - 9), "]]>", 3);
        if (close == NULL) {
            return NULL;
        }
        const unsigned char *first = memchr(start + 9, '>', (size_t)(close + 2 - (start + 9)));
        if (first != NULL && first < close && memchr(first, '<', (size_t)(close - first)) != NULL) {
            return NULL;
        }
        return close + 3;
    }
    const unsigned char *close = start + 2 < end ? memchr(start + 2, '>', (size_t)(end - start - 2)) : NULL;
    return close != NULL ? close + 1 : NULL;
}

PyDoc_STRVAR(parser_input_doc,
"parser_input(data, minimum, kept) -> bytes\n\n"
"`data` (an HTML page in UTF-8) as the parser should read it, in one pass reading every tag as the\n"
"tokenizer does: each start tag's attributes whose names are not in `kept` (a tuple of lower-case bytes)\n"
"replaced by a space (inline styles, Word's mso attributes, a Vue page's data-v marks), and the content of\n"
"each <script> and <style> element holding at least `minimum` bytes, all ASCII, with no '<!--' or\n"
"'document.write' left out (the tags stay). SVG and MathML are read as the tree builder reads foreign\n"
"content (scripts are markup there, tags may close themselves) to their end. The tree parsed from it is\n"
"the one parsed from `data` less those attributes and that code. Comments, doctypes, end tags and the\n"
"content of elements read as text are left as they are; where the tree builder would go where the pass\n"
"does not follow (out of foreign content by an HTML tag, into a frameset) or the page ends inside a tag\n"
"or a plaintext element, the rest is left as it is. `data` itself when nothing goes.");

static PyObject *parser_input(PyObject *module, PyObject *args) {
    PyObject *page, *names;
    Py_ssize_t minimum;
    if (!PyArg_ParseTuple(args, "SnO!", &page, &minimum, &PyTuple_Type, &names)) {
        return NULL;
    }
    kept_name kept[MOST_KEPT_NAMES];
    const Py_ssize_t count = PyTuple_GET_SIZE(names);
    if (count > MOST_KEPT_NAMES) {
        PyErr_Format(PyExc_ValueError, "at most %d kept names, not %zd", MOST_KEPT_NAMES, count);
        return NULL;
    }
    for (Py_ssize_t index = 0; index < count; index++) {
        PyObject *name = PyTuple_GET_ITEM(names, index);
        if (!PyBytes_Check(name) || PyBytes_GET_SIZE(name) == 0) {
            PyErr_SetString(PyExc_TypeError, "kept names must be non-empty bytes");
            return NULL;
        }
        kept[index].name = PyBytes_AS_STRING(name);
        kept[index].length = (size_t)PyBytes_GET_SIZE(name);
    }
    const Py_ssize_t size = PyBytes_GET_SIZE(page);
    const unsigned char *data = (const unsigned char *)PyBytes_AS_STRING(page);
    const unsigned char *end = data + size;
    const unsigned char *at = data;
    const unsigned char *kept_from = data;
    /* An attribute that goes gives one byte, code none: at most the input's length in all. */
    unsigned char *out = NULL;
    Py_ssize_t written = 0;
    PyObject *result = NULL;
    /* The SVG or MathML elements open (their names), read as the tree builder reads foreign content:
     * scripts and styles are markup there, a tag may close itself, a CDATA section runs to "]]>". */
    const unsigned char *foreign[FOREIGN_DEPTH];
    size_t foreign_length[FOREIGN_DEPTH];
    int depth = 0;
    int in_select = 0;          /* a select element ignores an svg start tag: its content is then HTML */
    while (at < end && (at = memchr(at, '<', (size_t)(end - at))) != NULL) {
        const unsigned char *start = at;
        const unsigned char after = start + 1 < end ? start[1] : 0;
        if (after == '!' || after == '?' || (after == '/' && !(start + 2 < end && is_alpha(start[2])))) {
            at = after == '!' ? after_markup_declaration(start, end, depth > 0)
                              : start + 2 < end ? memchr(start + 2, '>', (size_t)(end - start - 2)) : NULL;
            if (at == NULL) {
                break;
            }
            at += after != '!';
            continue;
        }
        const int end_tag_here = after == '/';
        const unsigned char *name = start + 1 + end_tag_here;
        if (!is_alpha(*name)) {
            at = start + 1;                                  /* a '<' in text */
            continue;
        }
        const unsigned char *name_end = name + 1;
        while (name_end < end && !(name_ends[*name_end] & 1)) {
            name_end++;
        }
        const size_t length = (size_t)(name_end - name);
        if (!end_tag_here && (depth > 0 ? leaves_foreign_content(name, length)
                                         : in_select && opens_foreign_content(name, length))) {
            break;                                           /* where the tree builder goes is not followed */
        }
        /* The attributes, read as the tokenizer reads them; those of a start tag not kept go. */
        const unsigned char *c = name_end;
        int closed = 0;
        int self_closing = 0;                                /* "/>" */
        while (c < end) {
            if (*c == '>') {
                closed = 1;
                break;
            }
            if (is_space(*c) || *c == '/') {
                self_closing = *c == '/' && c + 1 < end && c[1] == '>';
                c++;
                continue;
            }
            const unsigned char *attribute = c++;             /* a name (its first byte may be '=') */
            while (c < end && !name_ends[*c]) {
                c++;
            }
            const unsigned char *attribute_end = c;
            const size_t name_length = (size_t)(c - attribute);
            while (c < end && is_space(*c)) {
                c++;
            }
            if (c < end && *c == '=') {                       /* a value */
                c++;
                while (c < end && is_space(*c)) {
                    c++;
                }
                if (c < end && (*c == '"' || *c == '\'')) {
                    const unsigned char *quote = memchr(c + 1, *c, (size_t)(end - c - 1));
                    if (quote == NULL) {
                        break;
                    }
                    c = quote + 1;
                } else {
                    while (c < end && !is_space(*c) && *c != '>') {
                        c++;
                    }
                }
                attribute_end = c;
            }
            if (end_tag_here || is_kept(attribute, name_length, kept, (size_t)count)) {
                continue;
            }
            if (out == NULL && (out = PyMem_Malloc((size_t)size + 1)) == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            memcpy(out + written, kept_from, (size_t)(attribute - kept_from));
            written += attribute - kept_from;
            out[written++] = ' ';                             /* "a='1'b='2'" keeps its separation */
            kept_from = attribute_end;
        }
        if (!closed) {
            break;                                           /* the page ends inside the tag: no tag */
        }
        at = c + 1;
        if (depth > 0) {
            if (!end_tag_here) {
                if (self_closing) {
                    continue;
                }
                if (depth == FOREIGN_DEPTH) {
                    break;
                }
                foreign[depth] = name;
                foreign_length[depth++] = length;
                continue;
            }
            /* An end tag closes the innermost open element of its name; one naming none would be read as
             * HTML (</p>, </div>): not followed. */
            int open = depth - 1;
            while (open >= 0 && !(foreign_length[open] == length
                                  && same_ignoring_case(foreign[open], name, length))) {
                open--;
            }
            if (open < 0) {
                break;
            }
            depth = open;
            continue;
        }
        if (end_tag_here) {
            if (spells(name, length, "select")) {
                in_select = 0;
            }
            continue;
        }
        if (opens_foreign_content(name, length)) {
            if (!self_closing) {
                foreign[0] = name;
                foreign_length[0] = length;
                depth = 1;
            }
            continue;
        }
        if (spells(name, length, "select")) {
            in_select = 1;
        } else if (spells(name, length, "frameset")) {
            break;              /* a frameset keeps the white space of what it ignores, a script's too */
        }
        const int kind = length <= LONGEST_NAME && may_name_an_element(*name) ? element_kind(name, length) : 0;
        if (kind == 0) {
            continue;
        }
        const unsigned char *content = at;
        const unsigned char *content_end = kind == 3 ? NULL
            : length == 6 && ascii_lower(name[1]) == 'c' ? script_end(content, end)
            : end_tag(content, end, length, name);
        if (content_end == NULL) {
            break;                                           /* the rest of the page is text */
        }
        at = content_end;                                    /* its end tag, read as a tag */
        if (kind == 1 && content_end - content >= minimum && strippable(content, content_end)) {
            if (out == NULL && (out = PyMem_Malloc((size_t)size + 1)) == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            memcpy(out + written, kept_from, (size_t)(content - kept_from));
            written += content - kept_from;
            kept_from = content_end;
        }
    }
    if (out == NULL) {
        return Py_NewRef(page);   /* nothing left out (and no error: out is allocated before any) */
    }
    memcpy(out + written, kept_from, (size_t)(end - kept_from));
    written += end - kept_from;
    result = PyBytes_FromStringAndSize((const char *)out, written);
done:
    PyMem_Free(out);
    return result;
}

static PyMethodDef methods[] = {
    {"gbk_to_utf8", gbk_to_utf8, METH_VARARGS, gbk_to_utf8_doc},
    {"is_utf8", is_utf8, METH_VARARGS, is_utf8_doc},
    {"parser_input", parser_input, METH_VARARGS, parser_input_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_utf8", "A page's bytes as UTF-8 without its text: GBK converted, UTF-8 checked.",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__utf8(void) {
    PyObject *module = PyModule_Create(&module_def);
    if (module != NULL && PyModule_AddIntConstant(module, "TABLE_BYTES", TABLE_BYTES) < 0) {
        Py_CLEAR(module);
    }
    return module;
}
