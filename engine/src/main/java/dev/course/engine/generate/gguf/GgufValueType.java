package dev.course.engine.generate.gguf;

/** The types a GGUF metadata value can have, with the ids the format uses. */
public enum GgufValueType {
    UINT8, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64;

    /** The id written in the file: the position in this list. */
    public int id() {
        return ordinal();
    }

    public static GgufValueType ofId(int id) {
        if (id < 0 || id >= values().length) {
            throw new GgufException("unknown metadata value type " + id);
        }
        return values()[id];
    }
}
