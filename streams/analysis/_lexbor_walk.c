/*
 * The body's text with line marks, read from the tree selectolax parsed, in one walk in C.
 *
 * The Python path (streams/analysis/_html.py) writes a line mark before and after each block element and
 * " | " after each table cell into the tree (hundreds of lexbor inserts a page), removes the elements that
 * never hold body text, then reads the text. This walk reads the same text without touching the tree:
 * the marks are written into the output as the walk enters and leaves the elements. It reads struct
 * fields only (no lexbor call, no linking): the layouts below are lexbor's (3.1.0, as vendored by
 * selectolax 1.0.2: source/lexbor/dom/interfaces/node.h, character_data.h, core/str.h) and selectolax's
 * LexborNode object (selectolax/lexbor.pxd). streams/analysis/_native.py loads this module only for the
 * selectolax versions listed in SELECTOLAX_VERSIONS and checks its output against the Python path first.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* --- lexbor 3.1.0 layouts (read only) -------------------------------------------------------------- */

typedef struct fz_node fz_node;
struct fz_node {
    void *events;            /* lxb_dom_event_target_t */
    uintptr_t local_name;    /* the tag id */
    uintptr_t prefix;
    uintptr_t ns;
    void *owner_document;
    fz_node *next;
    fz_node *prev;
    fz_node *parent;
    fz_node *first_child;
    fz_node *last_child;
    void *user;
    int type;                /* lxb_dom_node_type_t */
};

typedef struct {
    unsigned char *data;
    size_t length;
} fz_str;                    /* lexbor_str_t */

typedef struct {
    fz_node node;
    fz_str data;
} fz_character_data;         /* lxb_dom_character_data_t (lxb_dom_text_t starts with it) */

typedef struct fz_attr fz_attr;
struct fz_attr {
    fz_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    fz_str *value;
    void *owner;
    fz_attr *next;
    fz_attr *prev;
};                           /* lxb_dom_attr_t (dom/interfaces/attr.h) */

typedef struct {
    fz_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    fz_str *is_value;
    fz_attr *first_attr;
    fz_attr *last_attr;
    fz_attr *attr_id;        /* the id attribute, kept apart by lexbor for selectors */
    fz_attr *attr_class;     /* the class attribute, likewise */
} fz_element;                /* the head of lxb_dom_element_t (dom/interfaces/element.h) */

#define FZ_NODE_ELEMENT 0x01 /* LXB_DOM_NODE_TYPE_ELEMENT */

/* selectolax 1.0.2's LexborNode (a Cython cdef class with cdef methods: the vtable pointer comes first) */
typedef struct {
    PyObject_HEAD
    void *vtab;
    fz_node *node;
    PyObject *parser;
    int is_fragment_root;
    int is_template_content;
} fz_lexbor_node;

#define FZ_TAG_TEXT 0x0002   /* LXB_TAG__TEXT: what selectolax's text() reads */

/* Kinds, one byte a tag id, given by the caller (the knowledge stays in Python) */
#define KIND_MASK 0x0f
#define KIND_BLOCK 1
#define KIND_CELL 2
#define KIND_BREAK 3
#define KIND_DROP 4
#define KIND_TITLED 0x10     /* a title selector's heading tag: its text is collected */

static PyTypeObject *lexbor_node_type = NULL;

/* --- output buffer ---------------------------------------------------------------------------------- */

typedef struct {
    char *data;
    size_t length;
    size_t capacity;
    int failed;
} fz_buffer;

static int buffer_reserve(fz_buffer *buffer, size_t more) {
    if (buffer->failed) {
        return -1;
    }
    if (buffer->length + more <= buffer->capacity) {
        return 0;
    }
    size_t capacity = buffer->capacity ? buffer->capacity : 4096;
    while (capacity < buffer->length + more) {
        capacity *= 2;
    }
    char *data = realloc(buffer->data, capacity);
    if (data == NULL) {
        buffer->failed = 1;
        return -1;
    }
    buffer->data = data;
    buffer->capacity = capacity;
    return 0;
}

static void buffer_raw(fz_buffer *buffer, const char *data, size_t length) {
    if (length == 0 || buffer_reserve(buffer, length) < 0) {
        return;
    }
    memcpy(buffer->data + buffer->length, data, length);
    buffer->length += length;
}

/* `_lines_text`: source line breaks and tabs are spaces, the record separator (the line mark) a line break.
 * All four are ASCII bytes, which no UTF-8 sequence contains. */
static void buffer_lines(fz_buffer *buffer, const unsigned char *data, size_t length) {
    if (length == 0 || buffer_reserve(buffer, length) < 0) {
        return;
    }
    char *out = buffer->data + buffer->length;
    for (size_t index = 0; index < length; index++) {
        unsigned char byte = data[index];
        if (byte < 0x20) {
            if (byte == '\n' || byte == '\r' || byte == '\t') {
                byte = ' ';
            } else if (byte == 0x1e) {
                byte = '\n';
            }
        }
        out[index] = (char)byte;
    }
    buffer->length += length;
}

static PyObject *buffer_text(fz_buffer *buffer) {
    if (buffer->failed) {
        return PyErr_NoMemory();
    }
    return PyUnicode_DecodeUTF8(buffer->data ? buffer->data : "", (Py_ssize_t)buffer->length, "replace");
}

static inline int is_ascii_space(unsigned char byte) {
    /* what Python's \s matches among ASCII characters: \t \n \v \f \r, the space and \x1c-\x1f */
    return byte == ' ' || (byte >= '\t' && byte <= '\r') || (byte >= 0x1c && byte <= 0x1f);
}

static inline unsigned char lower(unsigned char byte) {
    return byte >= 'A' && byte <= 'Z' ? (unsigned char)(byte + 32) : byte;
}

/* --- the walk ---------------------------------------------------------------------------------------- */

typedef struct {
    const unsigned char *kinds;
    size_t kind_count;
    int lines;                 /* write as `_lines_text` does (marks become line breaks) */
    fz_buffer *page;           /* every text, drops included (NULL: not wanted) */
    fz_buffer *body;           /* text outside the dropped elements */
    fz_node *root;             /* the marks and drops apply inside root (root included) */
    /* titled texts: (tag id, text) of the first `titled_limit` elements of each titled tag */
    PyObject *titled;
    unsigned char *titled_seen;
    int titled_limit;
} fz_walk;

static inline int kind_of(const fz_walk *walk, const fz_node *node) {
    return node->local_name < walk->kind_count ? walk->kinds[node->local_name] : 0;
}

static void put_mark(const fz_walk *walk, fz_buffer *buffer, const char *mark, size_t length) {
    if (buffer == NULL) {
        return;
    }
    if (walk->lines) {
        buffer_lines(buffer, (const unsigned char *)mark, length);
    } else {
        buffer_raw(buffer, mark, length);
    }
}

static void put_text(const fz_walk *walk, fz_buffer *buffer, const fz_node *node) {
    const fz_character_data *text = (const fz_character_data *)node;
    if (buffer == NULL || text->data.data == NULL) {
        return;
    }
    if (walk->lines) {
        buffer_lines(buffer, text->data.data, text->data.length);
    } else {
        buffer_raw(buffer, (const char *)text->data.data, text->data.length);
    }
}

/* Both buffers, or the page buffer only while inside a dropped element. */
static void put_mark_both(const fz_walk *walk, int dropping, const char *mark, size_t length) {
    put_mark(walk, walk->page, mark, length);
    if (!dropping) {
        put_mark(walk, walk->body, mark, length);
    }
}

static int plain_text(fz_node *start, fz_buffer *buffer);

/* Text of `node` as selectolax's text(separator="") reads it, appended to `titled`. */
static int collect_titled(fz_walk *walk, fz_node *node) {
    size_t tag = node->local_name;
    if (walk->titled == NULL || tag >= walk->kind_count || walk->titled_seen[tag] >= walk->titled_limit) {
        return 0;
    }
    walk->titled_seen[tag]++;
    fz_buffer buffer = {0};
    plain_text(node, &buffer);
    PyObject *text = buffer_text(&buffer);
    free(buffer.data);
    if (text == NULL) {
        return -1;
    }
    PyObject *item = Py_BuildValue("(nN)", (Py_ssize_t)tag, text);
    if (item == NULL) {
        return -1;
    }
    int status = PyList_Append(walk->titled, item);
    Py_DECREF(item);
    return status;
}

/*
 * Walk the subtree of `start` (its children, as text() does), writing the text and, inside `root`, the
 * marks the Python path writes into the tree: a mark before and after each block, before each break,
 * " | " closing each cell; the subtrees of dropped elements go to the page buffer only. `active` says
 * whether `start` is inside root. The marks of `start` itself lie outside its text, but for a cell's.
 */
static int walk_tree(fz_walk *walk, fz_node *start, int active) {
    fz_node *node = start->first_child;
    fz_node *dropped = NULL;  /* the outermost dropped element being walked */
    int want_page = walk->page != NULL;
    static const char mark[] = "\x1e";
    static const char cell_end[] = " | ";

    if (start->local_name == FZ_TAG_TEXT) {
        put_text(walk, walk->page, start);
        put_text(walk, walk->body, start);
    }
    while (node != NULL) {
        /* enter */
        int descend = 1;
        if (node->local_name == FZ_TAG_TEXT) {
            put_text(walk, walk->page, node);
            if (dropped == NULL) {
                put_text(walk, walk->body, node);
            }
        } else {
            if (node == walk->root) {
                active = 1;
            }
            int kind = kind_of(walk, node);
            if ((kind & KIND_TITLED) && collect_titled(walk, node) < 0) {
                return -1;
            }
            if (active) {
                switch (kind & KIND_MASK) {
                case KIND_BLOCK:
                case KIND_BREAK:
                    put_mark_both(walk, dropped != NULL, mark, 1);
                    break;
                case KIND_DROP:
                    if (dropped == NULL && node != walk->root) {
                        dropped = node;
                        descend = want_page || walk->titled != NULL;
                    }
                    break;
                default:
                    break;
                }
            }
        }
        if (descend && node->first_child != NULL) {
            node = node->first_child;
            continue;
        }
        /* leave `node`, then every ancestor whose last child it was */
        for (;;) {
            if (node->local_name != FZ_TAG_TEXT) {
                int kind = kind_of(walk, node) & KIND_MASK;
                if (active) {
                    if (kind == KIND_BLOCK) {
                        put_mark_both(walk, dropped != NULL, mark, 1);
                    } else if (kind == KIND_CELL) {
                        put_mark_both(walk, dropped != NULL, cell_end, 3);
                    }
                }
                if (node == dropped) {
                    dropped = NULL;
                }
                if (node == walk->root) {
                    active = 0;
                }
            }
            if (node->next != NULL) {
                node = node->next;
                break;
            }
            node = node->parent;
            if (node == start || node == NULL) {
                node = NULL;
                break;
            }
        }
    }
    if (active && start->local_name != FZ_TAG_TEXT && (kind_of(walk, start) & KIND_MASK) == KIND_CELL) {
        put_mark_both(walk, 0, cell_end, 3);
    }
    return 0;
}

static int plain_text(fz_node *start, fz_buffer *buffer) {
    fz_walk walk = {.kinds = NULL, .kind_count = 0, .lines = 0, .page = NULL, .body = buffer,
                    .root = NULL, .titled = NULL, .titled_seen = NULL, .titled_limit = 0};
    return walk_tree(&walk, start, 0);
}

/* --- arguments --------------------------------------------------------------------------------------- */

static fz_node *node_of(PyObject *object) {
    if (lexbor_node_type == NULL || Py_TYPE(object) != lexbor_node_type) {
        PyErr_SetString(PyExc_TypeError, "expected a selectolax LexborNode");
        return NULL;
    }
    fz_lexbor_node *wrapper = (fz_lexbor_node *)object;
    if (wrapper->is_fragment_root || wrapper->is_template_content || wrapper->node == NULL) {
        PyErr_SetString(PyExc_ValueError, "fragment roots and template contents are not walked here");
        return NULL;
    }
    return wrapper->node;
}

/* The node after `node` in page order within `root`'s subtree, or NULL at its end. */
static fz_node *next_in(fz_node *node, const fz_node *root) {
    if (node->first_child != NULL) {
        return node->first_child;
    }
    while (node != root && node->next == NULL) {
        node = node->parent;
    }
    return node == root ? NULL : node->next;
}

static int inside(const fz_node *node, const fz_node *root) {
    for (; node != NULL; node = node->parent) {
        if (node == root) {
            return 1;
        }
    }
    return 0;
}

/* Walk `start` into one buffer (walk->body), release `kinds` and return the text. */
static PyObject *walk_to_text(fz_walk *walk, fz_node *start, int active, Py_buffer *kinds) {
    fz_buffer text = {0};
    walk->body = &text;
    int status = walk_tree(walk, start, active);
    PyBuffer_Release(kinds);
    PyObject *result = status < 0 ? NULL : buffer_text(&text);
    free(text.data);
    return result;
}

PyDoc_STRVAR(lines_text_doc,
"lines_text(root, kinds) -> str\n\n"
"`_lines_text(root)` after `_drop(_mark_lines(root))`, the tree left as it is.");

static PyObject *lines_text(PyObject *module, PyObject *args) {
    PyObject *root_object;
    Py_buffer kinds;
    if (!PyArg_ParseTuple(args, "Oy*", &root_object, &kinds)) {
        return NULL;
    }
    fz_node *root = node_of(root_object);
    if (root == NULL) {
        PyBuffer_Release(&kinds);
        return NULL;
    }
    fz_walk walk = {.kinds = kinds.buf, .kind_count = (size_t)kinds.len, .lines = 1, .page = NULL,
                    .body = NULL, .root = root, .titled = NULL, .titled_seen = NULL, .titled_limit = 0};
    return walk_to_text(&walk, root, 1, &kinds);
}

PyDoc_STRVAR(page_and_body_lines_doc,
"page_and_body_lines(root, kinds, titled_limit) -> (page, body, titled)\n\n"
"`_page_and_body_text(root, drops)` after `_write_marks(_sort_elements(root, titles=True))`, the tree left\n"
"as it is; `titled` lists (tag id, text) of the first `titled_limit` elements of each titled tag, in page\n"
"order, their text read as before any mark.");

/* Parse (root, kinds, titled_limit), walk root into `page` and `body` (either may be NULL) and return the
 * titled list (a new reference), or NULL with an exception set. */
static PyObject *walk_with_titles(PyObject *args, fz_buffer *page, fz_buffer *body) {
    PyObject *root_object;
    Py_buffer kinds;
    int titled_limit;
    if (!PyArg_ParseTuple(args, "Oy*i", &root_object, &kinds, &titled_limit)) {
        return NULL;
    }
    if (titled_limit < 0 || titled_limit > 255) {  /* counted in one byte a tag */
        PyBuffer_Release(&kinds);
        PyErr_SetString(PyExc_ValueError, "titled_limit must be 0-255");
        return NULL;
    }
    fz_node *root = node_of(root_object);
    PyObject *titled = root == NULL ? NULL : PyList_New(0);
    unsigned char *seen = titled == NULL ? NULL : calloc((size_t)kinds.len + 1, 1);
    if (seen == NULL) {
        Py_XDECREF(titled);
        PyBuffer_Release(&kinds);
        return root == NULL || titled == NULL ? NULL : PyErr_NoMemory();
    }
    fz_walk walk = {.kinds = kinds.buf, .kind_count = (size_t)kinds.len, .lines = 1, .page = page,
                    .body = body, .root = root, .titled = titled, .titled_seen = seen,
                    .titled_limit = titled_limit};
    int status = walk_tree(&walk, root, 1);
    PyBuffer_Release(&kinds);
    free(seen);
    if (status < 0) {
        Py_DECREF(titled);
        return NULL;
    }
    return titled;
}

static PyObject *page_and_body_lines(PyObject *module, PyObject *args) {
    fz_buffer page = {0}, body = {0};
    PyObject *titled = walk_with_titles(args, &page, &body);
    PyObject *result = NULL;
    if (titled != NULL) {
        PyObject *page_text = buffer_text(&page);
        PyObject *body_text = page_text == NULL ? NULL : buffer_text(&body);
        if (body_text != NULL) {
            result = PyTuple_Pack(3, page_text, body_text, titled);
        }
        Py_XDECREF(page_text);
        Py_XDECREF(body_text);
    }
    Py_XDECREF(titled);
    free(page.data);
    free(body.data);
    return result;
}

PyDoc_STRVAR(marked_text_doc,
"marked_text(node, root, kinds) -> str | None\n\n"
"The text `node` would have once the Python path marked `root` and dropped its dropped elements (marks as\n"
"\\x1e and ' | ', not line breaks); None when `node` lies in an element the Python path drops.");

static PyObject *marked_text(PyObject *module, PyObject *args) {
    PyObject *node_object, *root_object;
    Py_buffer kinds;
    if (!PyArg_ParseTuple(args, "OOy*", &node_object, &root_object, &kinds)) {
        return NULL;
    }
    fz_node *node = node_of(node_object);
    fz_node *root = node == NULL ? NULL : node_of(root_object);
    if (root == NULL) {
        PyBuffer_Release(&kinds);
        return NULL;
    }
    fz_walk walk = {.kinds = kinds.buf, .kind_count = (size_t)kinds.len, .lines = 0, .page = NULL,
                    .body = NULL, .root = root, .titled = NULL, .titled_seen = NULL, .titled_limit = 0};
    int active = inside(node, root);
    if (active) {
        for (fz_node *up = node; up != root; up = up->parent) {
            if ((kind_of(&walk, up) & KIND_MASK) == KIND_DROP) {
                PyBuffer_Release(&kinds);
                Py_RETURN_NONE;
            }
        }
    }
    return walk_to_text(&walk, node, active, &kinds);
}

PyDoc_STRVAR(titled_texts_doc,
"titled_texts(root, kinds, titled_limit) -> titled\n\n"
"What page_and_body_lines gives as `titled`, alone: (tag id, text) of the first `titled_limit` elements of\n"
"each titled tag in `root`, in page order.");

static PyObject *titled_texts(PyObject *module, PyObject *args) {
    return walk_with_titles(args, NULL, NULL);
}

/* --- ids and classes, for the body selectors' gate -------------------------------------------------- */

static void buffer_lower(fz_buffer *buffer, const fz_str *value) {
    if (value == NULL || value->data == NULL) {
        return;
    }
    if (buffer->length > 0) {
        buffer_raw(buffer, "\n", 1);
    }
    size_t start = buffer->length;
    buffer_raw(buffer, (const char *)value->data, value->length);
    if (buffer->failed) {
        return;
    }
    for (size_t index = start; index < buffer->length; index++) {
        buffer->data[index] = (char)lower((unsigned char)buffer->data[index]);
    }
}

PyDoc_STRVAR(attribute_words_doc,
"attribute_words(root) -> (ids, classes)\n\n"
"The id and class attribute values of `root` and every element in it, each list ASCII-lower-cased and\n"
"joined by line breaks: what an #id or .class selector can match is in them.");

static PyObject *attribute_words(PyObject *module, PyObject *args) {
    PyObject *root_object;
    if (!PyArg_ParseTuple(args, "O", &root_object)) {
        return NULL;
    }
    fz_node *root = node_of(root_object);
    if (root == NULL) {
        return NULL;
    }
    fz_buffer ids = {0}, classes = {0};
    for (fz_node *node = root; node != NULL; node = next_in(node, root)) {
        if (node->type == FZ_NODE_ELEMENT) {
            const fz_element *element = (const fz_element *)node;
            if (element->attr_id != NULL) {
                buffer_lower(&ids, element->attr_id->value);
            }
            if (element->attr_class != NULL) {
                buffer_lower(&classes, element->attr_class->value);
            }
        }
    }
    PyObject *result = NULL;
    PyObject *id_text = buffer_text(&ids);
    PyObject *class_text = id_text == NULL ? NULL : buffer_text(&classes);
    if (class_text != NULL) {
        result = PyTuple_Pack(2, id_text, class_text);
    }
    Py_XDECREF(id_text);
    Py_XDECREF(class_text);
    free(ids.data);
    free(classes.data);
    return result;
}

/* --- the document links' gate ------------------------------------------------------------------------- */

#define FZ_TAG_A 0x0007      /* LXB_TAG_A */

/* One of `needles` (lower-case ASCII bytes) in `value`, ASCII case-insensitively. Only the positions holding
 * a needle's first byte (`firsts`, either case) are tried: a '.' before an extension, say. */
static int holds_folded(const fz_str *value, PyObject *needles, const unsigned char firsts[256]) {
    if (value == NULL || value->data == NULL) {
        return 0;
    }
    const unsigned char *data = value->data;
    size_t length = value->length;
    Py_ssize_t count = PyTuple_GET_SIZE(needles);
    for (size_t start = 0; start < length; start++) {
        if (!firsts[data[start]]) {
            continue;
        }
        for (Py_ssize_t index = 0; index < count; index++) {
            PyObject *needle = PyTuple_GET_ITEM(needles, index);
            const unsigned char *bytes = (const unsigned char *)PyBytes_AS_STRING(needle);
            size_t size = (size_t)PyBytes_GET_SIZE(needle);
            size_t at = 0;
            while (at < size && start + at < length && lower(data[start + at]) == bytes[at]) {
                at++;
            }
            if (at == size) {
                return 1;
            }
        }
    }
    return 0;
}

PyDoc_STRVAR(may_link_to_doc,
"may_link_to(scope, needles) -> bool\n\n"
"False only when no <a> element in `scope` (itself included) has an attribute whose value holds one of\n"
"`needles` (lower-case ASCII bytes), ASCII case-insensitively: then a query such as\n"
"a:is([href*=\".pdf\" i], ...) finds nothing there.");

static PyObject *may_link_to(PyObject *module, PyObject *args) {
    PyObject *scope_object, *needles;
    if (!PyArg_ParseTuple(args, "OO!", &scope_object, &PyTuple_Type, &needles)) {
        return NULL;
    }
    fz_node *scope = node_of(scope_object);
    if (scope == NULL) {
        return NULL;
    }
    unsigned char firsts[256] = {0};
    Py_ssize_t count = PyTuple_GET_SIZE(needles);
    for (Py_ssize_t index = 0; index < count; index++) {
        PyObject *needle = PyTuple_GET_ITEM(needles, index);
        if (!PyBytes_Check(needle)) {
            PyErr_SetString(PyExc_TypeError, "needles must be bytes");
            return NULL;
        }
        if (PyBytes_GET_SIZE(needle) == 0) {
            Py_RETURN_TRUE;  /* the empty needle is in every value, even in an <a> without attributes */
        }
        unsigned char first = (unsigned char)PyBytes_AS_STRING(needle)[0];
        firsts[first] = 1;
        if (first >= 'a' && first <= 'z') {
            firsts[first - 32] = 1;
        }
    }
    for (fz_node *node = scope; node != NULL; node = next_in(node, scope)) {
        if (node->type != FZ_NODE_ELEMENT || node->local_name != FZ_TAG_A) {
            continue;
        }
        for (const fz_attr *attr = ((const fz_element *)node)->first_attr; attr != NULL; attr = attr->next) {
            if (holds_folded(attr->value, needles, firsts)) {
                Py_RETURN_TRUE;
            }
        }
    }
    Py_RETURN_FALSE;
}

/* --- the ContentStart gate ----------------------------------------------------------------------------- */


/* A non-ASCII character after '<!--' and ASCII whitespace that may begin the marker's word: 正 (E6 AD A3),
 * or a lead byte of the Unicode spaces \s also takes (U+0085, U+00A0: C2; U+1680: E1; U+2000-U+205F: E2;
 * U+3000: E3), after which anything may follow. Other characters (a Chinese comment) begin no marker. */
static inline int may_open_marker_word(const unsigned char *at, const unsigned char *end) {
    if (*at == 0xC2 || *at == 0xE1 || *at == 0xE2 || *at == 0xE3) {
        return 1;
    }
    return end - at >= 3 && at[0] == 0xE6 && at[1] == 0xAD && at[2] == 0xA3;
}

/* After '<meta': what `<meta\s+name\s*=\s*["']?ContentSt` needs, read loosely enough never to miss it: a
 * byte beyond ASCII counts as a possible \s (the Unicode spaces), 's' may be the long s (C5 BF, which
 * case-folds to it), and no other letter of "name" or "contentst" has a non-ASCII case form in sre. */
static const unsigned char *skip_spaces(const unsigned char *at, const unsigned char *end) {
    while (at < end && (is_ascii_space(*at) || *at >= 0x80)) {
        at++;
    }
    return at;
}

static const unsigned char *skip_word(const unsigned char *at, const unsigned char *end, const char *word) {
    for (; *word != '\0'; word++) {
        if (at < end && lower(*at) == (unsigned char)*word) {
            at++;
        } else if (*word == 's' && end - at >= 2 && at[0] == 0xC5 && at[1] == 0xBF) {
            at += 2;
        } else {
            return NULL;
        }
    }
    return at;
}

static int may_open_meta_marker(const unsigned char *at, const unsigned char *end) {
    const unsigned char *next = skip_spaces(at, end);
    if (next == at || (next = skip_word(next, end, "name")) == NULL) {
        return 0;
    }
    next = skip_spaces(next, end);
    if (next == end || *next != '=') {
        return 0;
    }
    next = skip_spaces(next + 1, end);
    if (next < end && (*next == '"' || *next == '\'')) {
        next++;
    }
    return skip_word(next, end, "contentst") != NULL;
}

PyDoc_STRVAR(may_hold_marker_doc,
"may_hold_marker(utf8) -> bool\n\n"
"False only when no ContentStart marker of _html._CONTENT_START can be in the page (UTF-8 bytes): after\n"
"ASCII whitespace, every '<!--' is followed by neither c, z (either case), 正 nor a character that may be a\n"
"Unicode space, and no '<meta' is followed by spaces, 'name', '=', a quote and 'contentst' (ASCII\n"
"case-insensitively; any byte beyond ASCII taken for a possible Unicode space, 's' also the long s).");

static PyObject *may_hold_marker(PyObject *module, PyObject *args) {
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "y*", &view)) {
        return NULL;
    }
    const unsigned char *data = view.buf;
    const unsigned char *end = data + view.len;
    const unsigned char *at = data;
    int found = 0;
    while (!found && (at = memchr(at, '<', (size_t)(end - at))) != NULL) {
        at++;
        if (end - at >= 3 && at[0] == '!' && at[1] == '-' && at[2] == '-') {
            const unsigned char *next = at + 3;
            while (next < end && is_ascii_space(*next)) {
                next++;
            }
            if (next < end
                && (lower(*next) == 'c' || lower(*next) == 'z' || may_open_marker_word(next, end))) {
                found = 1;
            }
        } else if (end - at >= 4 && lower(at[0]) == 'm' && lower(at[1]) == 'e' && lower(at[2]) == 't'
                   && lower(at[3]) == 'a') {
            found = may_open_meta_marker(at + 4, end);
        }
    }
    PyBuffer_Release(&view);
    return PyBool_FromLong(found);
}

/* --- the densest run of lines ---------------------------------------------------------------------------- */

/* The punctuation _html._PUNCT counts: ，。；：、 and ASCII , ; */
static inline int is_sentence_mark(Py_UCS4 c) {
    return c == 0xFF0C || c == 0x3002 || c == 0xFF1B || c == 0xFF1A || c == 0x3001 || c == ',' || c == ';';
}

PyDoc_STRVAR(densest_span_doc,
"densest_span(lines) -> (start, end)\n\n"
"The run of lines _html._densest_span finds (Kadane over per-line scores: a stripped line with n marks of\n"
"_PUNCT scores n + len / 80, one without -1, a blank line is skipped), as its first and last index; end is\n"
"-1 when no line scores above 0. Same float operations in the same order, so the same run.");

static PyObject *densest_span(PyObject *module, PyObject *args) {
    PyObject *lines;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &lines)) {
        return NULL;
    }
    double best_sum = 0.0, run_sum = 0.0;
    Py_ssize_t best_start = 0, best_end = -1, run_start = 0;
    Py_ssize_t count = PyList_GET_SIZE(lines);
    for (Py_ssize_t index = 0; index < count; index++) {
        PyObject *line = PyList_GET_ITEM(lines, index);
        if (!PyUnicode_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "densest_span takes a list of str");
            return NULL;
        }
        int kind = PyUnicode_KIND(line);
        const void *data = PyUnicode_DATA(line);
        Py_ssize_t first = 0, last = PyUnicode_GET_LENGTH(line);
        /* str.strip() without arguments strips what Py_UNICODE_ISSPACE holds for. */
        while (first < last && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, first))) {
            first++;
        }
        while (last > first && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, last - 1))) {
            last--;
        }
        if (first == last) {
            continue;
        }
        Py_ssize_t marks = 0;
        for (Py_ssize_t at = first; at < last; at++) {
            marks += is_sentence_mark(PyUnicode_READ(kind, data, at));
        }
        double score = marks ? (double)marks + (double)(last - first) / 80.0 : -1.0;
        if (run_sum <= 0) {
            run_sum = 0.0;
            run_start = index;
        }
        run_sum += score;
        if (run_sum > best_sum) {
            best_sum = run_sum;
            best_start = run_start;
            best_end = index;
        }
    }
    return Py_BuildValue("(nn)", best_start, best_end);
}

static PyMethodDef methods[] = {
    {"densest_span", densest_span, METH_VARARGS, densest_span_doc},
    {"titled_texts", titled_texts, METH_VARARGS, titled_texts_doc},
    {"may_link_to", may_link_to, METH_VARARGS, may_link_to_doc},
    {"attribute_words", attribute_words, METH_VARARGS, attribute_words_doc},
    {"may_hold_marker", may_hold_marker, METH_VARARGS, may_hold_marker_doc},
    {"lines_text", lines_text, METH_VARARGS, lines_text_doc},
    {"page_and_body_lines", page_and_body_lines, METH_VARARGS, page_and_body_lines_doc},
    {"marked_text", marked_text, METH_VARARGS, marked_text_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_lexbor_walk", "The body's text with line marks, read from a lexbor tree in C.",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__lexbor_walk(void) {
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) {
        return NULL;
    }
    PyObject *selectolax = PyImport_ImportModule("selectolax.lexbor");
    PyObject *type = selectolax == NULL ? NULL : PyObject_GetAttrString(selectolax, "LexborNode");
    Py_XDECREF(selectolax);
    if (type == NULL || !PyType_Check(type)) {
        Py_XDECREF(type);
        Py_DECREF(module);
        return NULL;
    }
    lexbor_node_type = (PyTypeObject *)type;  /* kept for the module's life */
    PyObject *versions = Py_BuildValue("(s)", "1.0.2");
    if (versions == NULL || PyModule_AddObject(module, "SELECTOLAX_VERSIONS", versions) < 0) {
        Py_XDECREF(versions);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
