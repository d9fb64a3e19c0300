#!/usr/bin/env python3
"""Golden vectors for Reel's hashing: FarmHash Fingerprint64, SipHash buckets, Keras Hashing,
StringLookup with several OOV buckets, and Keras HashedCrossing.

Run by hand (not in CI), from anywhere:

    pip install tensorflow-cpu tf-keras   # produced with tensorflow 2.21.0 + tf-keras 2.21.0
    TF_USE_LEGACY_KERAS=1 python3 Fixtures/golden/make_preprocessing_hashing.py

It follows Fixtures/golden/make_preprocessing.py (same JSON layout, Keras 2 via tf_keras) and
writes Fixtures/golden/preprocessing_hashing.json (relative to this file).

Ops:

* "fingerprint64": input is a list of strings, or "input_hex" a list of hex byte strings (for
  bytes that are not UTF-8). "output" is the full 64-bit FarmHash Fingerprint64 of each, as 16
  lowercase hex digits. TensorFlow exposes it only modulo a bucket count, so the script asks
  `tf.strings.to_hash_bucket_fast` for the value modulo 2^62 (the low 62 bits) and modulo
  2^63 - 1, and recovers the two top bits from the second (the four candidates differ modulo
  2^63 - 1). "buckets" maps a bucket count (as a string) to to_hash_bucket_fast's output.
* "siphash_bucket": params {"key": [k0, k1]} (TensorFlow's signed int64 key attribute); input
  strings; "output" the full SipHash-2-4 value of each (hex, recovered the same way from
  `tf.strings.to_hash_bucket_strong`); "buckets" as above.
* "hashing": params {"num_bins", "mask_value", "salt", "output_mode"} as passed to
  `keras.layers.Hashing`; "input_dtype" "string" | "int64" | "int32". int/one_hot: input is a
  1-D list; multi_hot/count: a 2-D list (rows). "salt_out" is the layer's normalized salt
  (`layer.salt`). Error cases: "output": null, "error" (exception class), "error_stage"
  "construct" | "call".
* "string_lookup_oov": StringLookup with num_oov_indices > 1; params and fields exactly as the
  "string_lookup" cases of preprocessing.json (vocabulary, num_oov_indices, mask_token,
  oov_token, max_tokens, invert, output_mode; "adapt"; "vocabulary_out").
* "hashed_crossing": params {"num_bins", "output_mode"}; input is a list of columns
  {"dtype": "string" | "int64" | "int32" | "float32", "values": [...]} passed as a tuple of 1-D
  tensors to `keras.layers.HashedCrossing`; output 1-D ints (int) or 2-D floats (one_hot).
"""

import json
import os
import sys

from golden_env import np, tf, keras, KERAS_PACKAGE, tolist  # noqa: E402  (sets TF_USE_LEGACY_KERAS first)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "preprocessing_hashing.json")

CASES = []
M63 = 2 ** 63 - 1
P62 = 2 ** 62
BUCKETS = [1, 2, 7, 1000, 2 ** 31 - 1]


def full64(bucket_fn, data):
    """The full unsigned 64-bit hash behind bucket_fn(data, n) = hash mod n."""
    low = bucket_fn(data, P62).numpy().tolist()
    mod = bucket_fn(data, M63).numpy().tolist()
    out = []
    for lo, r in zip(low, mod):
        found = [lo + k * P62 for k in range(4) if (lo + k * P62) % M63 == r]
        assert len(found) == 1, (lo, r, found)
        out.append(found[0])
    return out


def fast(data, n):
    return tf.strings.to_hash_bucket_fast(data, n)


def hexes(values):
    return ["%016x" % v for v in values]


# ---------------------------------------------------------------- fingerprint64

def text_of_length(n, seed):
    """A deterministic printable-ASCII string of n characters."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-:/.,"
    x = seed * 2654435761 + n * 40503 + 1
    chars = []
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % 2 ** 64
        chars.append(alphabet[(x >> 33) % len(alphabet)])
    return "".join(chars)


def fp_case(name, strings=None, raw=None):
    data = tf.constant([s.encode("utf-8") for s in strings] if raw is None else raw,
                       dtype=tf.string)
    full = full64(fast, data)
    case = {"name": name, "op": "fingerprint64", "params": {}}
    if raw is None:
        case["input"] = strings
    else:
        case["input"] = None
        case["input_hex"] = [b.hex() for b in raw]
    case["output"] = hexes(full)
    case["buckets"] = {str(n): fast(data, n).numpy().tolist() for n in BUCKETS}
    for n in BUCKETS:  # the recovered value agrees with every bucket count
        assert [v % n for v in full] == case["buckets"][str(n)]
    CASES.append(case)


def fingerprint_cases():
    ranges = [(0, 16), (17, 32), (33, 64), (65, 128), (129, 200)]
    for lo, hi in ranges:
        fp_case("fp_ascii_len_%d_to_%d" % (lo, hi),
                [text_of_length(n, 1) for n in range(lo, hi + 1)])
    # A second string of every length, different content.
    fp_case("fp_ascii_len_0_to_200_seed2", [text_of_length(n, 2) for n in range(0, 201)])
    fp_case("fp_ids", ["1", "42", "user_1", "user_123456", "movie:Toy Story (1995)", "[UNK]",
                       "0", "-1", "9223372036854775807", "-9223372036854775808"])
    fp_case("fp_unicode", ["é", "日本", "日本語テキスト", "🎬", "🎬🍿 movie night 🎉",
                           "Ünïcödé ßtraße", "Ελληνικά", "русский текст", "中文" * 20,
                           "emoji" + "😀" * 30])
    fp_case("fp_whitespace_and_controls", ["", " ", "  ", "\t", "\n", "a\u0000b", "\u0000",
                                           "\u0000" * 17, "line1\nline2\r\n"])
    fp_case("fp_long", [text_of_length(n, 3) for n in (255, 256, 257, 511, 512, 1000, 4096)])
    fp_case("fp_repeated_bytes", ["a" * n for n in (1, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 65,
                                                    127, 128, 129)])
    fp_case("fp_raw_bytes", raw=[bytes(range(256)), bytes(range(255, -1, -1)),
                                 b"\xff", b"\x80\x81", b"\xff" * 9, b"\xfe" * 33,
                                 bytes(range(128, 228))])


# ---------------------------------------------------------------- siphash

def sip_case(name, key, strings):
    data = tf.constant([s.encode("utf-8") for s in strings], dtype=tf.string)

    def strong(d, n):
        return tf.strings.to_hash_bucket_strong(d, n, key=key)

    full = full64(strong, data)
    buckets = {str(n): strong(data, n).numpy().tolist() for n in BUCKETS}
    for n in BUCKETS:
        assert [v % n for v in full] == buckets[str(n)]
    CASES.append({"name": name, "op": "siphash_bucket", "params": {"key": key},
                  "input": strings, "output": hexes(full), "buckets": buckets})


def siphash_cases():
    words = ["", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "hello", "é", "日本",
             text_of_length(15, 4), text_of_length(16, 4), text_of_length(63, 4),
             text_of_length(64, 4), text_of_length(200, 4), "🎬🍿"]
    sip_case("sip_key_0_0", [0, 0], words)
    sip_case("sip_key_1_2", [1, 2], words)
    sip_case("sip_key_paper", [0x0706050403020100, 0x0F0E0D0C0B0A0908],
             ["".join(chr(i) for i in range(15)), ""])
    sip_case("sip_key_negative", [-1, -123456789], words)
    sip_case("sip_key_large", [2 ** 63 - 1, 0x5EEDBEEF], words)
    sip_case("sip_every_length_0_to_40", [7, 11], [text_of_length(n, 5) for n in range(41)])


# ---------------------------------------------------------------- Hashing

def hashing_case(name, input, input_dtype="string", num_bins=10, mask_value=None, salt=None,
                 output_mode="int", expect_error=False):
    params = {"num_bins": num_bins, "mask_value": mask_value, "salt": salt,
              "output_mode": output_mode}
    case = {"name": name, "op": "hashing", "params": params, "input_dtype": input_dtype,
            "input": input}
    stage = "construct"
    try:
        layer = keras.layers.Hashing(num_bins=num_bins, mask_value=mask_value, salt=salt,
                                     output_mode=output_mode)
        stage = "call"
        if input_dtype == "string":
            x = tf.constant(input, dtype=tf.string)
        else:
            x = tf.constant(input, dtype=getattr(tf, input_dtype))
        y = layer(x)
        case["output"] = tolist(y)
        case["salt_out"] = None if layer.salt is None else list(layer.salt)
    except (ValueError, TypeError, tf.errors.InvalidArgumentError) as e:
        if not expect_error:
            raise
        case["output"] = None
        case["error"] = type(e).__name__
        case["error_stage"] = stage
        CASES.append(case)
        return
    assert not expect_error, name + " did not raise"
    CASES.append(case)


def hashing_cases():
    words = ["", "a", "b", "hello", "user_42", "é", "日本", "🎬", "[UNK]",
             text_of_length(40, 6), text_of_length(100, 6)]
    ints = [0, 1, -1, 7, 42, 1000, -1000, 123456789, 2 ** 40, -(2 ** 40),
            9223372036854775807, -9223372036854775808]
    for bins in (1, 2, 3, 10, 1000, 2 ** 31 - 1):
        hashing_case("hash_str_bins%d" % bins, words, num_bins=bins)
    hashing_case("hash_int64_bins10", ints, "int64", num_bins=10)
    hashing_case("hash_int64_bins997", ints, "int64", num_bins=997)
    hashing_case("hash_int32_bins10", [0, 1, -1, 7, 2147483647, -2147483648], "int32",
                 num_bins=10)
    # mask_value: the mask maps to 0, other values to 1 + hash mod (num_bins - 1).
    hashing_case("hash_str_mask_empty", words, num_bins=10, mask_value="")
    hashing_case("hash_str_mask_word", words, num_bins=3, mask_value="hello")
    hashing_case("hash_str_mask_bins2", words, num_bins=2, mask_value="")
    hashing_case("hash_str_mask_bins1", words, num_bins=1, mask_value="")
    hashing_case("hash_int_mask0", ints, "int64", num_bins=10, mask_value=0)
    hashing_case("hash_int_mask_neg1", ints, "int64", num_bins=50, mask_value=-1)
    # salt: one integer k is the key [k, k]; a pair is the key.
    hashing_case("hash_str_salt_int", words, num_bins=10, salt=133)
    hashing_case("hash_str_salt_zero", words, num_bins=10, salt=0)
    hashing_case("hash_str_salt_pair", words, num_bins=1000, salt=[1, 2])
    hashing_case("hash_str_salt_tuple_neg", words, num_bins=1000, salt=(-5, 2 ** 40))
    hashing_case("hash_int_salt", ints, "int64", num_bins=100, salt=[7, 9])
    hashing_case("hash_str_salt_mask", words, num_bins=10, salt=42, mask_value="a")
    hashing_case("hash_int_salt_mask", ints, "int64", num_bins=5, salt=(3, 4), mask_value=42)
    # output modes
    hashing_case("hash_one_hot", ["a", "b", "hello", ""], num_bins=5, output_mode="one_hot")
    hashing_case("hash_one_hot_mask", ["a", "", "hello", ""], num_bins=5, mask_value="",
                 output_mode="one_hot")
    hashing_case("hash_one_hot_int", [1, 2, 3, -4], "int64", num_bins=4, output_mode="one_hot")
    rows = [["a", "b", "a"], ["hello", "", "x"], ["x", "x", "x"]]
    hashing_case("hash_multi_hot", rows, num_bins=6, output_mode="multi_hot")
    hashing_case("hash_count", rows, num_bins=6, output_mode="count")
    hashing_case("hash_count_mask", rows, num_bins=6, output_mode="count", mask_value="x")
    hashing_case("hash_count_int_salt", [[1, 2, 3, 1], [5, 5, 0, -1]], "int64", num_bins=4,
                 output_mode="count", salt=11)
    hashing_case("hash_multi_hot_int_mask", [[1, 2, 3, 0], [0, 0, 0, 0]], "int64", num_bins=3,
                 output_mode="multi_hot", mask_value=0)
    # errors
    hashing_case("hash_error_bins0", words, num_bins=0, expect_error=True)
    hashing_case("hash_error_bins_negative", words, num_bins=-3, expect_error=True)
    hashing_case("hash_error_salt_triple", words, salt=[1, 2, 3], expect_error=True)
    hashing_case("hash_error_salt_string", words, salt="pepper", expect_error=True)
    hashing_case("hash_error_output_mode", words, output_mode="tf_idf", expect_error=True)
    hashing_case("hash_error_int_input_string_mask", ints, "int64", mask_value="0",
                 expect_error=True)
    hashing_case("hash_error_string_input_int_mask", words, mask_value=0, expect_error=True)


# ---------------------------------------------------------------- StringLookup OOV buckets

def lookup_oov_case(name, input, vocabulary=None, adapt=None, num_oov_indices=2,
                    mask_token=None, oov_token="[UNK]", max_tokens=None, output_mode="int"):
    params = {"vocabulary": vocabulary, "num_oov_indices": num_oov_indices,
              "mask_token": mask_token, "oov_token": oov_token, "max_tokens": max_tokens,
              "invert": False, "output_mode": output_mode}
    layer = keras.layers.StringLookup(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                                      mask_token=mask_token, oov_token=oov_token,
                                      vocabulary=vocabulary, output_mode=output_mode)
    case = {"name": name, "op": "string_lookup_oov", "params": params}
    if adapt is not None:
        layer.adapt(np.array(adapt, dtype=object))
        case["adapt"] = adapt
    case["input"] = input
    y = layer(tf.constant(input, dtype=tf.string))
    case["output"] = tolist(y)
    case["vocabulary_out"] = [x.decode("utf-8") if isinstance(x, bytes) else x
                              for x in layer.get_vocabulary()]
    case["vocabulary_size"] = int(layer.vocabulary_size())
    CASES.append(case)


def string_lookup_oov_cases():
    v = ["a", "b", "c"]
    probe = ["a", "b", "c", "d", "e", "f", "zz", "", "[UNK]", "é", "日本", "🎬", "user_1",
             "user_2", "user_3", "user_4", text_of_length(70, 7), "A", "B"]
    for n in (2, 3, 7):
        lookup_oov_case("str_oov%d_vocab" % n, probe, vocabulary=v, num_oov_indices=n)
        lookup_oov_case("str_oov%d_vocab_mask" % n, probe, vocabulary=v, num_oov_indices=n,
                        mask_token="")
    ad = ["b", "a", "c", "a", "b", "d", "é", "日本", "é", "", "", "zz", "Z", "a", "[UNK]"]
    lookup_oov_case("str_oov3_adapt", probe, adapt=ad, num_oov_indices=3)
    lookup_oov_case("str_oov3_adapt_mask_max6", probe, adapt=ad, num_oov_indices=3,
                    mask_token="", max_tokens=6)
    lookup_oov_case("str_oov2_one_hot", ["a", "d", "q", "zz"], vocabulary=v, num_oov_indices=2,
                    output_mode="one_hot")
    lookup_oov_case("str_oov3_count_mask", [["a", "d", "q", ""], ["zz", "zz", "c", "b"]],
                    vocabulary=v, num_oov_indices=3, mask_token="", output_mode="count")


# ---------------------------------------------------------------- HashedCrossing

def crossing_case(name, columns, num_bins=10, output_mode="int", expect_error=False):
    case = {"name": name, "op": "hashed_crossing",
            "params": {"num_bins": num_bins, "output_mode": output_mode},
            "input": [{"dtype": d, "values": v} for d, v in columns]}
    stage = "construct"
    try:
        layer = keras.layers.HashedCrossing(num_bins=num_bins, output_mode=output_mode)
        stage = "call"
        tensors = tuple(tf.constant(v, dtype=getattr(tf, d)) for d, v in columns)
        y = layer(tensors)
        case["output"] = tolist(y)
    except (ValueError, TypeError, tf.errors.InvalidArgumentError) as e:
        if not expect_error:
            raise
        case["output"] = None
        case["error"] = type(e).__name__
        case["error_stage"] = stage
        CASES.append(case)
        return
    assert not expect_error, name + " did not raise"
    CASES.append(case)


def hashed_crossing_cases():
    f1 = ["A", "B", "A", "B", "A"]
    f2 = [101, 101, 101, 102, 102]
    crossing_case("cross_doc_example", [("string", f1), ("int64", f2)], num_bins=5)
    crossing_case("cross_doc_example_one_hot", [("string", f1), ("int64", f2)], num_bins=5,
                  output_mode="one_hot")
    crossing_case("cross_int_string_order", [("int64", f2), ("string", f1)], num_bins=5)
    words = ["", "a", "user_1", "é", "日本", "🎬", text_of_length(80, 8)]
    other = ["x", "y", "z", "", "movie", "Toy Story (1995)", "a"]
    crossing_case("cross_strings", [("string", words), ("string", other)], num_bins=1000)
    ints = [0, -1, 1, 2 ** 40, -(2 ** 40), 9223372036854775807, -9223372036854775808]
    crossing_case("cross_ints", [("int64", ints), ("int64", list(reversed(ints)))],
                  num_bins=97)
    crossing_case("cross_int32", [("int32", [0, -1, 5, 2147483647]),
                                  ("string", ["a", "b", "c", "d"])], num_bins=13)
    crossing_case("cross_three", [("string", words), ("int64", ints), ("string", other)],
                  num_bins=2 ** 31 - 1)
    crossing_case("cross_bins1", [("string", f1), ("int64", f2)], num_bins=1)
    crossing_case("cross_bins0_int", [("string", words), ("int64", ints)], num_bins=0)
    crossing_case("cross_error_one_input", [("string", f1)], expect_error=True)
    crossing_case("cross_error_unequal", [("string", f1), ("int64", [1, 2])], expect_error=True)
    crossing_case("cross_error_float", [("string", f1), ("float32", [1.0] * 5)],
                  expect_error=True)
    crossing_case("cross_error_output_mode", [("string", f1), ("int64", f2)],
                  output_mode="multi_hot", expect_error=True)


def main():
    fingerprint_cases()
    siphash_cases()
    hashing_cases()
    string_lookup_oov_cases()
    hashed_crossing_cases()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {"generator": "Fixtures/golden/make_preprocessing_hashing.py",
           "tensorflow_version": tf.__version__,
           "keras_version": keras.__version__,
           "keras_package": KERAS_PACKAGE,
           "cases": CASES}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    counts = {}
    for c in CASES:
        counts[c["op"]] = counts.get(c["op"], 0) + 1
    print("wrote %d cases to %s: %s (keras %s via %s)" % (
        len(CASES), os.path.normpath(OUT), counts, keras.__version__, KERAS_PACKAGE),
        file=sys.stderr)


if __name__ == "__main__":
    main()
