# The compiled GBK decoder (_gbk_utf8.c): its signature, for type checkers and readers.
TABLE_BYTES: int

def gbk_to_utf8(data: bytes, table: bytes) -> bytes | None: ...
