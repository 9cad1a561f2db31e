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
 */
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

static PyMethodDef methods[] = {
    {"gbk_to_utf8", gbk_to_utf8, METH_VARARGS, gbk_to_utf8_doc},
    {"is_utf8", is_utf8, METH_VARARGS, is_utf8_doc},
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
