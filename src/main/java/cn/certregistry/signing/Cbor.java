package cn.certregistry.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of CBOR (RFC 8949) that COSE_Sign1 tokens use: integers, byte and text strings, arrays,
 * maps and tags, definite lengths only. Encoding is deterministic (shortest forms, map keys as given
 * by the caller in canonical order). Decoding rejects anything else.
 */
public final class Cbor {

    public static final String TRUNCATED = "CBOR data ends early";
    public static final String UNSUPPORTED = "CBOR item of an unsupported kind";
    public static final String TRAILING = "CBOR data has trailing bytes";
    public static final String TOO_DEEP = "CBOR data nests too deeply";

    private Cbor() {
    }

    /** A tagged item. */
    public record Tagged(long tag, Object value) {
    }

    public static byte[] encode(Object item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, item);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object item) {
        if (item instanceof Long || item instanceof Integer) {
            long value = ((Number) item).longValue();
            head(out, value >= 0 ? 0 : 1, value >= 0 ? value : -1 - value);
        } else if (item instanceof byte[] bytes) {
            head(out, 2, bytes.length);
            out.writeBytes(bytes);
        } else if (item instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            head(out, 3, bytes.length);
            out.writeBytes(bytes);
        } else if (item instanceof List<?> list) {
            head(out, 4, list.size());
            list.forEach(element -> write(out, element));
        } else if (item instanceof Map<?, ?> map) {
            head(out, 5, map.size());
            map.forEach((key, value) -> {
                write(out, key);
                write(out, value);
            });
        } else if (item instanceof Tagged tagged) {
            head(out, 6, tagged.tag());
            write(out, tagged.value());
        } else {
            throw new IllegalArgumentException("Cannot encode " + (item == null ? "null" : item.getClass().getSimpleName()));
        }
    }

    private static void head(ByteArrayOutputStream out, int major, long value) {
        int type = major << 5;
        if (value < 24) {
            out.write(type | (int) value);
        } else if (value < 0x100) {
            out.write(type | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(type | 25);
            out.write((int) (value >> 8));
            out.write((int) value);
        } else if (value < 0x100000000L) {
            out.write(type | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (value >> shift));
            }
        } else {
            out.write(type | 27);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (value >> shift));
            }
        }
    }

    /** Decodes exactly one item; throws {@link IllegalArgumentException} with a named reason otherwise. */
    public static Object decode(byte[] data) {
        Reader reader = new Reader(data);
        Object item = reader.item(0);
        if (reader.position != data.length) {
            throw new IllegalArgumentException(TRAILING);
        }
        return item;
    }

    private static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        Object item(int depth) {
            if (depth > 8) {
                throw new IllegalArgumentException(TOO_DEEP);
            }
            int initial = next();
            int major = initial >> 5;
            long argument = argument(initial & 0x1f);
            switch (major) {
                case 0:
                    return argument;
                case 1:
                    return -1 - argument;
                case 2:
                    return bytes(argument);
                case 3:
                    try {
                        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .decode(java.nio.ByteBuffer.wrap(bytes(argument))).toString();
                    } catch (CharacterCodingException e) {
                        throw new IllegalArgumentException(UNSUPPORTED);
                    }
                case 4: {
                    List<Object> list = new ArrayList<>();
                    for (long i = 0; i < argument; i++) {
                        list.add(item(depth + 1));
                    }
                    return list;
                }
                case 5: {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (long i = 0; i < argument; i++) {
                        Object key = item(depth + 1);
                        if (!(key instanceof Long || key instanceof String) || map.put(key, item(depth + 1)) != null) {
                            throw new IllegalArgumentException(UNSUPPORTED);
                        }
                    }
                    return map;
                }
                case 6:
                    return new Tagged(argument, item(depth + 1));
                default:
                    throw new IllegalArgumentException(UNSUPPORTED);
            }
        }

        private long argument(int info) {
            if (info < 24) {
                return info;
            }
            int length = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw new IllegalArgumentException(UNSUPPORTED); // indefinite lengths and reserved values
            };
            long value = 0;
            for (int i = 0; i < length; i++) {
                value = (value << 8) | next();
            }
            if (value < 0) {
                throw new IllegalArgumentException(UNSUPPORTED);
            }
            return value;
        }

        private byte[] bytes(long length) {
            if (length > data.length - position) {
                throw new IllegalArgumentException(TRUNCATED);
            }
            byte[] bytes = java.util.Arrays.copyOfRange(data, position, position + (int) length);
            position += (int) length;
            return bytes;
        }

        private int next() {
            if (position >= data.length) {
                throw new IllegalArgumentException(TRUNCATED);
            }
            return data[position++] & 0xff;
        }
    }
}
