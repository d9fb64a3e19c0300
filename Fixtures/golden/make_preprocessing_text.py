#!/usr/bin/env python3
"""Golden vectors for Reel's TextVectorization and the tf_idf / pad_to_max_tokens modes of
StringLookup and IntegerLookup.

Run by hand (not in CI), from anywhere:

    pip install tensorflow-cpu tf-keras   # produced with tensorflow 2.21.0 + tf-keras 2.21.0
    TF_USE_LEGACY_KERAS=1 python3 Fixtures/golden/make_preprocessing_text.py

It writes Fixtures/golden/preprocessing_text.json (relative to this file), with the layout of
make_preprocessing.py:

    {"generator", "tensorflow_version", "keras_version", "keras_package",
     "cases": [{"name", "op", "params", "input", "output", ...extra keys}, ...]}

Error cases carry "output": null, "error": the Python exception class name and
"error_stage": "construct" | "adapt" | "call".

Ops:

* "string_lookup" / "integer_lookup": params {"vocabulary", "idf_weights", "num_oov_indices",
  "mask_token", "oov_token", "max_tokens", "output_mode", "pad_to_max_tokens"}.
  Adapt data (when vocabulary is null) is either "adapt_documents", a list of token lists
  passed as a tf.data dataset of ragged rows (each row one document), or "adapt", a list of
  tokens passed as a tf.data dataset of scalars (each token one document).
  "input" is a list of token rows (passed as tf.ragged.constant; one_hot: [n, 1] dense, one
  output row per token); "output"
  2-D float32 values (int mode: 2-D ints). "vocabulary_out" is get_vocabulary(),
  "idf_weights_out" the layer's idf_weights variable (tf_idf only; it includes Keras's zero
  padding up to max_tokens with pad_to_max_tokens).
* "text_vectorization": params {"max_tokens", "standardize", "split", "ngrams",
  "output_mode", "output_sequence_length", "pad_to_max_tokens", "vocabulary",
  "idf_weights"}. standardize / split are Keras's strings or null (None); ngrams is null, an
  int, or a list (a tuple in Keras); output_mode null means the tokens themselves.
  "adapt" (when present) is a list of strings adapted with layer.adapt(np.array(...)), or
  "adapt_corpus" names such a list in the top-level "corpora" (the seeded synthetic text of the
  large-vocabulary cases: 5,000 word forms, mixed case, punctuation, a few non-ASCII); with
  split null both adapt data and input are passed with shape [n, 1] so that each string is one
  row (Keras treats a 1-D batch as ONE document when split is None).
  "input" is a list of strings. "output": int mode 2-D ints; multi_hot / count / tf_idf 2-D
  float32 values; output_mode null a ragged list of token strings. "vocabulary_out",
  "vocabulary_size" and (tf_idf) "idf_weights_out" as above.
"""

import json
import os
import sys

from golden_env import np, tf, keras, KERAS_PACKAGE  # noqa: E402  (sets TF_USE_LEGACY_KERAS first)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "preprocessing_text.json")

CASES = []
# Large adapt corpora shared by several cases (top-level "corpora"; a case names one in
# "adapt_corpus" instead of carrying "adapt").
CORPORA = {}


def decode(x):
    if isinstance(x, bytes):
        return x.decode("utf-8")
    if isinstance(x, np.str_):
        return str(x)
    if isinstance(x, np.integer):
        return int(x)
    return x


def tolist(t):
    if isinstance(t, tf.RaggedTensor):
        return [[decode(v) for v in row] for row in t.to_list()]
    a = t.numpy() if hasattr(t, "numpy") else np.asarray(t)
    if a.dtype.kind in ("S", "O", "U"):
        return np.vectorize(decode, otypes=[object])(a).tolist()
    if a.dtype.kind == "f":
        return np.vectorize(float, otypes=[object])(a.astype(np.float32)).tolist()
    return a.astype(np.int64).tolist()


def f32(values):
    return [float(x) for x in np.asarray(values, dtype=np.float32).reshape(-1)]


def run_case(case, body, expect_error):
    """Runs body(case), recording Keras's error (class name and stage) for error cases."""
    try:
        body(case)
    except (ValueError, TypeError, RuntimeError, tf.errors.OpError) as e:
        if not expect_error:
            raise
        case["output"] = None
        case["error"] = type(e).__name__
        case["error_stage"] = case.get("_stage", "?")
        case.pop("_stage", None)
        CASES.append(case)
        return
    assert not expect_error, case["name"] + " did not raise"
    case.pop("_stage", None)
    CASES.append(case)


# ---------------------------------------------------------------- lookups (tf_idf etc.)

def lookup_case(name, kind, input, vocabulary=None, idf_weights=None, adapt_documents=None,
                adapt=None, num_oov_indices=1, mask_token=None, oov_token=None,
                max_tokens=None, output_mode="tf_idf", pad_to_max_tokens=False,
                expect_error=False):
    if oov_token is None:
        oov_token = "[UNK]" if kind == "string" else -1
    params = {"vocabulary": vocabulary, "idf_weights": idf_weights,
              "num_oov_indices": num_oov_indices, "mask_token": mask_token,
              "oov_token": oov_token, "max_tokens": max_tokens, "output_mode": output_mode,
              "pad_to_max_tokens": pad_to_max_tokens}
    case = {"name": name, "op": "string_lookup" if kind == "string" else "integer_lookup",
            "params": params}
    if adapt_documents is not None:
        case["adapt_documents"] = adapt_documents
    if adapt is not None:
        case["adapt"] = adapt
    case["input"] = input
    dtype = tf.string if kind == "string" else tf.int64

    def body(case):
        case["_stage"] = "construct"
        cls = keras.layers.StringLookup if kind == "string" else keras.layers.IntegerLookup
        layer = cls(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                    mask_token=mask_token, oov_token=oov_token, vocabulary=vocabulary,
                    idf_weights=idf_weights, output_mode=output_mode,
                    pad_to_max_tokens=pad_to_max_tokens)
        case["_stage"] = "adapt"
        if adapt_documents is not None:
            rows = tf.ragged.constant(adapt_documents, dtype=dtype)
            layer.adapt(tf.data.Dataset.from_tensor_slices(rows))
        if adapt is not None:
            layer.adapt(tf.data.Dataset.from_tensor_slices(tf.constant(adapt, dtype=dtype)))
        case["_stage"] = "call"
        if output_mode == "one_hot":
            y = layer(tf.constant(input, dtype=dtype))
        else:
            y = layer(tf.ragged.constant(input, dtype=dtype))
        if isinstance(y, tf.RaggedTensor):
            y = y.to_list()
            case["output"] = [[int(v) for v in row] for row in y]
        else:
            case["output"] = tolist(y)
        case["vocabulary_out"] = [decode(v) for v in layer.get_vocabulary()]
        case["vocabulary_size"] = int(layer.vocabulary_size())
        if output_mode == "tf_idf":
            case["idf_weights_out"] = f32(layer.idf_weights.numpy())

    run_case(case, body, expect_error)


def lookup_cases():
    docs = [["a", "b", "a"], ["b", "c"], ["c", "c", "d", ""], ["é", "a"], ["[UNK]", "zz", "c"]]
    probe = [["a", "", "zz", "c", "c"], ["nope", "é", "é"], [], ["d", "b", "[UNK]"]]
    lookup_case("str_tfidf_adapt_oov1", "string", probe, adapt_documents=docs)
    lookup_case("str_tfidf_adapt_oov1_mask", "string", probe, adapt_documents=docs,
                mask_token="")
    known = [["a", "", "c", "c"], ["é", "é"], [], ["d", "b"]]
    lookup_case("str_tfidf_adapt_oov0", "string", known, adapt_documents=docs,
                num_oov_indices=0)
    lookup_case("str_tfidf_adapt_oov0_mask", "string", known, adapt_documents=docs,
                num_oov_indices=0, mask_token="")
    lookup_case("str_tfidf_adapt_max3", "string", probe, adapt_documents=docs, max_tokens=3)
    lookup_case("str_tfidf_adapt_max4_mask", "string", probe, adapt_documents=docs,
                max_tokens=4, mask_token="")
    lookup_case("str_tfidf_adapt_pad8", "string", probe, adapt_documents=docs, max_tokens=8,
                pad_to_max_tokens=True)
    lookup_case("str_tfidf_adapt_pad8_mask", "string", probe, adapt_documents=docs,
                max_tokens=8, pad_to_max_tokens=True, mask_token="")
    lookup_case("str_tfidf_adapt_scalars", "string", probe,
                adapt=["a", "b", "a", "c", "a", "b", "é", ""])
    lookup_case("str_tfidf_adapt_ties", "string", [["x", "y", "w", "v", "q"]],
                adapt_documents=[["x", "y"], ["w", "v"], ["y", "x", "v", "w"], ["q"]])
    lookup_case("str_tfidf_custom_oov", "string", probe, adapt_documents=docs,
                oov_token="<oov>")
    # max_tokens counts no mask slot outside int mode: mask "" + max 4 keeps 3 tokens
    lookup_case("str_multi_hot_adapt_max4_mask", "string", probe, adapt_documents=docs,
                max_tokens=4, mask_token="", output_mode="multi_hot")
    lookup_case("str_count_adapt_pad7", "string", probe, adapt_documents=docs, max_tokens=7,
                pad_to_max_tokens=True, output_mode="count")
    lookup_case("str_multi_hot_vocab_pad6_mask", "string", probe, vocabulary=["a", "c", "é"],
                max_tokens=6, pad_to_max_tokens=True, output_mode="multi_hot", mask_token="")
    lookup_case("str_one_hot_vocab_pad5", "string", [["a"], ["zz"], ["c"]],
                vocabulary=["a", "c"], max_tokens=5, pad_to_max_tokens=True,
                output_mode="one_hot")
    v = ["a", "b", "c"]
    w = [0.5, 1.25, 3.0]
    lookup_case("str_tfidf_vocab_oov1", "string", probe, vocabulary=v, idf_weights=w)
    lookup_case("str_tfidf_vocab_oov1_mask", "string", probe, vocabulary=v, idf_weights=w,
                mask_token="")
    lookup_case("str_tfidf_vocab_oov0", "string", [["a", "c", "c"], ["b"]], vocabulary=v,
                idf_weights=w, num_oov_indices=0)
    lookup_case("str_tfidf_vocab_specials", "string", probe, vocabulary=["[UNK]"] + v,
                idf_weights=[7.0] + w)
    lookup_case("str_tfidf_vocab_specials_mask", "string", probe, vocabulary=["[UNK]"] + v,
                idf_weights=[7.0] + w, mask_token="")
    lookup_case("str_tfidf_vocab_pad7", "string", probe, vocabulary=v, idf_weights=w,
                max_tokens=7, pad_to_max_tokens=True)
    lookup_case("str_tfidf_vocab_thirds", "string", [["a", "b", "b", "q"]], vocabulary=v,
                idf_weights=[0.1, 0.2, 0.7])
    lookup_case("str_int_vocab_specials_mask", "string", [["a", "", "q", "c"]],
                vocabulary=["", "[UNK]"] + v, mask_token="", output_mode="int")
    # errors
    lookup_case("str_tfidf_vocab_no_idf_error", "string", probe, vocabulary=v,
                expect_error=True)
    lookup_case("str_count_idf_error", "string", probe, vocabulary=v, idf_weights=w,
                output_mode="count", expect_error=True)
    lookup_case("str_tfidf_idf_length_error", "string", probe, vocabulary=v,
                idf_weights=[1.0, 2.0], expect_error=True)
    lookup_case("str_pad_no_max_error", "string", probe, adapt_documents=docs,
                pad_to_max_tokens=True, expect_error=True)
    lookup_case("str_vocab_over_max_error", "string", probe, vocabulary=v, idf_weights=w,
                max_tokens=3, expect_error=True)
    lookup_case("str_tfidf_vocab_mask_inside_error", "string", probe,
                vocabulary=["a", "", "b"], idf_weights=w, mask_token="", expect_error=True)
    # integer lookups
    idocs = [[5, 3, 3], [7, 5], [9, 0, 0, 5], [3, 42]]
    iprobe = [[5, 3, 0, 11, 3], [7, 7, 12], [], [42, -1, 9]]
    lookup_case("int_tfidf_adapt_oov1", "int", iprobe, adapt_documents=idocs)
    lookup_case("int_tfidf_adapt_oov1_mask0", "int", iprobe, adapt_documents=idocs,
                mask_token=0)
    lookup_case("int_tfidf_adapt_oov2", "int", iprobe, adapt_documents=idocs,
                num_oov_indices=2)
    lookup_case("int_tfidf_adapt_oov3_mask0_pad10", "int", iprobe, adapt_documents=idocs,
                num_oov_indices=3, mask_token=0, max_tokens=10, pad_to_max_tokens=True)
    lookup_case("int_tfidf_adapt_max3", "int", iprobe, adapt_documents=idocs, max_tokens=3)
    lookup_case("int_tfidf_adapt_scalars", "int", iprobe, adapt=[5, 3, 3, 7, 5, 9, 5, 0])
    lookup_case("int_tfidf_vocab_oov2", "int", iprobe, vocabulary=[3, 5, 7],
                idf_weights=[0.25, 1.0, 2.5], num_oov_indices=2)
    lookup_case("int_tfidf_vocab_specials", "int", iprobe, vocabulary=[-1, 3, 5, 7],
                idf_weights=[9.5, 0.25, 1.0, 2.5])
    lookup_case("int_multi_hot_adapt_pad9_mask0", "int", iprobe, adapt_documents=idocs,
                mask_token=0, max_tokens=9, pad_to_max_tokens=True, output_mode="multi_hot")
    lookup_case("int_count_adapt_max4_mask0", "int", iprobe, adapt_documents=idocs,
                mask_token=0, max_tokens=4, output_mode="count")


# ---------------------------------------------------------------- TextVectorization

def tv_case(name, input, adapt=None, max_tokens=None, standardize="lower_and_strip_punctuation",
            split="whitespace", ngrams=None, output_mode="int", output_sequence_length=None,
            pad_to_max_tokens=False, vocabulary=None, idf_weights=None, expect_error=False,
            adapt_corpus=None):
    if adapt_corpus is not None:
        adapt = CORPORA[adapt_corpus]
    params = {"max_tokens": max_tokens, "standardize": standardize, "split": split,
              "ngrams": ngrams, "output_mode": output_mode,
              "output_sequence_length": output_sequence_length,
              "pad_to_max_tokens": pad_to_max_tokens, "vocabulary": vocabulary,
              "idf_weights": idf_weights}
    case = {"name": name, "op": "text_vectorization", "params": params}
    if adapt_corpus is not None:
        case["adapt_corpus"] = adapt_corpus
    elif adapt is not None:
        case["adapt"] = adapt
    case["input"] = input

    def shaped(texts):
        a = np.array(texts, dtype=object)
        return a.reshape(-1, 1) if split is None else a

    def body(case):
        case["_stage"] = "construct"
        layer = keras.layers.TextVectorization(
            max_tokens=max_tokens, standardize=standardize, split=split,
            ngrams=tuple(ngrams) if isinstance(ngrams, list) else ngrams,
            output_mode=output_mode, output_sequence_length=output_sequence_length,
            pad_to_max_tokens=pad_to_max_tokens, vocabulary=vocabulary,
            idf_weights=idf_weights)
        case["_stage"] = "adapt"
        if adapt is not None:
            layer.adapt(shaped(adapt))
        case["_stage"] = "call"
        y = layer(shaped(input))
        out = tolist(y)
        if output_mode is None and split is None:
            out = [[row] if not isinstance(row, list) else row for row in out]
        case["output"] = out
        if output_mode is not None:
            case["vocabulary_out"] = [decode(v) for v in layer.get_vocabulary()]
            case["vocabulary_size"] = int(layer.vocabulary_size())
        if output_mode == "tf_idf":
            case["idf_weights_out"] = f32(layer._lookup_layer.idf_weights.numpy())

    run_case(case, body, expect_error)


UNICODE = [
    "ÉCOLE École école ÄPFEL Äpfel ΣΟΦΙΑ Σοφία İSTANBUL İstanbul",
    "Straße STRASSE ẞ ＡＢＣ ａｂｃ Ⅻ ǅ",
    "naïve cafe\u0301 café 日本語 テキスト 中文 😀🎬 emoji😀",
    "Καλημέρα κόσμε — привет МИР",
]
PUNCT = [
    "Hello, World!!! (test) [x] {y} <z> a/b\\c d-e_f 'g' \"h\"",
    "#1 $2 %3 &4 *5 +6 =7 ?8 @9 ^0 `~|; ...:",
    "«quoted» … — ¿qué? ¡sí! “curly” ‘single’ ·middle· §7 ©2024",
    "don't can't e-mail U.S.A. 3.14 1,000 a+b=c x*y",
]
SPACES = [
    "a\tb\nc\u000bd\u000ce\rf  g",
    "   leading and trailing   ",
    "nb\u00a0space ideo\u3000space em\u2003space nel\u0085x fs\u001cy",
    "",
    " ",
    "\t\n",
]
TITLES = [
    "Toy Story (1995)",
    "Jumanji (1995)",
    "Léon: The Professional (a.k.a. Léon) (1994)",
    "Shawshank Redemption, The (1994)",
    "Star Wars: Episode IV - A New Hope (1977)",
    "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)",
    "City of God (Cidade de Deus) (2002)",
    "Toy Story 2 (1999)",
    "Spirited Away (Sen to Chihiro no kamikakushi) (2001)",
    "Seven (a.k.a. Se7en) (1995)",
    "Crouching Tiger, Hidden Dragon (Wo hu cang long) (2000)",
    "Lord of the Rings: The Fellowship of the Ring, The (2001)",
]
TIES = ["b a d c", "c d a b", "e", "f f", "A B"]


def synthetic_corpus(seed=20241129, docs=2600, distinct=5000):
    """Seeded text with `distinct` word forms (every one used at least once) and skewed
    counts, with mixed case, punctuation and a few non-ASCII words."""
    rng = np.random.RandomState(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = []
    for i in range(distinct):
        n = i
        w = ""
        while True:
            w = letters[n % 26] + w
            n //= 26
            if n == 0:
                break
        if i % 97 == 0:
            w += "é"
        if i % 211 == 0:
            w = "日" + w
        words.append(w)
    ids = list(range(distinct)) + list((distinct * rng.random_sample(9000) ** 3).astype(int))
    rng.shuffle(ids)
    texts = []
    k = 0
    per = len(ids) // docs
    for d in range(docs):
        chunk = ids[k:k + per] if d < docs - 1 else ids[k:]
        k += per
        parts = []
        for j, i in enumerate(chunk):
            w = words[i]
            r = rng.randint(20)
            if r == 0:
                w = w.upper()
            elif r == 1:
                w = w + ","
            elif r == 2:
                w = "(" + w + ")"
            parts.append(w)
        texts.append(" ".join(parts))
    return texts


def text_cases():
    corpus = UNICODE + PUNCT + SPACES + TITLES
    # tokens only: every built-in standardize x split
    for std in ("lower_and_strip_punctuation", "lower", "strip_punctuation", None):
        for sp in ("whitespace", "character", None):
            inp = corpus if sp != "character" else UNICODE[:2] + PUNCT[:2] + SPACES[:3] + TITLES[:2]
            tv_case("tv_tokens_%s_%s" % (std or "none", sp or "none"), inp, standardize=std,
                    split=sp, output_mode=None)
    # n-grams
    ng_in = ["a b c d", "x", "", "Toy Story (1995)", "one two three four five"]
    tv_case("tv_tokens_ngrams2", ng_in, ngrams=2, output_mode=None)
    tv_case("tv_tokens_ngrams3", ng_in, ngrams=3, output_mode=None)
    tv_case("tv_tokens_ngrams_1_3", ng_in, ngrams=[1, 3], output_mode=None)
    tv_case("tv_tokens_ngrams_3_1", ng_in, ngrams=[3, 1], output_mode=None)
    tv_case("tv_tokens_ngrams_2_2", ng_in, ngrams=[2, 2], output_mode=None)
    tv_case("tv_tokens_ngrams_char2", ["abc", "né é", ""], split="character", ngrams=2,
            output_mode=None)
    # int mode
    tv_case("tv_int_titles", TITLES + ["toy story", "unknown words here", ""], adapt=TITLES)
    tv_case("tv_int_unicode", UNICODE + ["école ÉCOLE Ecole"], adapt=UNICODE)
    tv_case("tv_int_punct", PUNCT, adapt=PUNCT)
    tv_case("tv_int_spaces", SPACES, adapt=SPACES + ["a b"])
    tv_case("tv_int_ties", TIES + ["a b c d e f g"], adapt=TIES)
    tv_case("tv_int_max5", TITLES[:4], adapt=TITLES, max_tokens=5)
    tv_case("tv_int_max3", TIES + ["z"], adapt=TIES, max_tokens=3)
    tv_case("tv_int_osl3", TITLES[:5] + [""], adapt=TITLES, output_sequence_length=3)
    tv_case("tv_int_osl12", TITLES[:5] + [""], adapt=TITLES, output_sequence_length=12)
    tv_case("tv_int_osl0", TITLES[:2], adapt=TITLES, output_sequence_length=0)
    tv_case("tv_int_all_empty", ["", " ", "!!!"], adapt=TITLES)
    tv_case("tv_int_ngrams2", TITLES[:4], adapt=TITLES, ngrams=2)
    tv_case("tv_int_ngrams_1_3_max20", TITLES[:4], adapt=TITLES, ngrams=[1, 3], max_tokens=20)
    tv_case("tv_int_char", ["toy", "léon", "", "日本"], adapt=TITLES, split="character")
    tv_case("tv_int_split_none", ["Toy Story (1995)", "", "[UNK]", "jumanji 1995"],
            adapt=TITLES[:3] + ["", "", "[UNK]"], split=None)
    tv_case("tv_int_std_none", ["Toy Story", "toy story", "[UNK] x"],
            adapt=TITLES + ["[UNK] [UNK]"], standardize=None)
    tv_case("tv_int_lower", ["Léon: léon LÉON"], adapt=TITLES, standardize="lower")
    tv_case("tv_int_strip", ["Léon: léon LÉON"], adapt=TITLES, standardize="strip_punctuation")
    tv_case("tv_int_pad_max", TITLES[:2], adapt=TITLES, max_tokens=8, pad_to_max_tokens=True)
    # other output modes
    for mode in ("multi_hot", "count", "tf_idf"):
        tv_case("tv_%s_titles" % mode, TITLES[:5] + ["toy toy toy story", ""], adapt=TITLES,
                output_mode=mode)
        tv_case("tv_%s_max6" % mode, TITLES[:5] + ["toy toy toy story", ""], adapt=TITLES,
                output_mode=mode, max_tokens=6)
        tv_case("tv_%s_pad40" % mode, TITLES[:3] + [""], adapt=TITLES, output_mode=mode,
                max_tokens=40, pad_to_max_tokens=True)
    tv_case("tv_tf_idf_unicode_ngrams2", UNICODE, adapt=UNICODE + PUNCT, output_mode="tf_idf",
            ngrams=2)
    tv_case("tv_tf_idf_ties", TIES + ["a a b zz"], adapt=TIES, output_mode="tf_idf")
    tv_case("tv_tf_idf_split_none", ["toy", "", "zz", "jumanji"],
            adapt=["toy", "toy", "jumanji", "", "x"], split=None, output_mode="tf_idf")
    tv_case("tv_count_char", ["aab", "", "日日本"], adapt=["abc", "日本", "bb"],
            split="character", output_mode="count")
    # given vocabulary
    vocab = ["toy", "story", "1995", "léon"]
    tv_case("tv_vocab_int", TITLES[:3], vocabulary=vocab)
    tv_case("tv_vocab_int_specials", TITLES[:3], vocabulary=["", "[UNK]"] + vocab)
    tv_case("tv_vocab_int_unk_token", ["[UNK] toy", "zz"], vocabulary=["[UNK]", "toy"],
            standardize=None)
    tv_case("tv_vocab_multi_hot", TITLES[:3], vocabulary=vocab, output_mode="multi_hot")
    tv_case("tv_vocab_multi_hot_specials_pad8", TITLES[:3], vocabulary=["[UNK]"] + vocab,
            output_mode="multi_hot", max_tokens=8, pad_to_max_tokens=True)
    tv_case("tv_vocab_tf_idf", TITLES[:3] + ["toy toy zz"], vocabulary=vocab,
            idf_weights=[0.5, 1.5, 0.25, 2.0], output_mode="tf_idf")
    tv_case("tv_vocab_tf_idf_specials", TITLES[:3], vocabulary=["[UNK]"] + vocab,
            idf_weights=[3.0, 0.5, 1.5, 0.25, 2.0], output_mode="tf_idf")
    tv_case("tv_vocab_tf_idf_pad9", TITLES[:3], vocabulary=vocab,
            idf_weights=[0.5, 1.5, 0.25, 2.0], output_mode="tf_idf", max_tokens=9,
            pad_to_max_tokens=True)
    tv_case("tv_vocab_count_ngrams2", ["toy story toy story", "story toy"],
            vocabulary=["toy story", "story toy", "toy"], output_mode="count", ngrams=2)
    # large vocabulary from seeded synthetic text
    synth = CORPORA["synthetic"] = synthetic_corpus()
    probe = synth[:12] + ["zzzzzz unknown", ""]
    tv_case("tv_large_int", probe, adapt_corpus="synthetic")
    tv_case("tv_large_tf_idf_max1000", synth[:4], adapt_corpus="synthetic",
            output_mode="tf_idf", max_tokens=1000)
    # errors
    tv_case("tv_one_hot_error", ["a"], vocabulary=["a"], output_mode="one_hot",
            expect_error=True)
    tv_case("tv_osl_multi_hot_error", ["a"], vocabulary=["a"], output_mode="multi_hot",
            output_sequence_length=3, expect_error=True)
    tv_case("tv_max1_error", ["a"], adapt=["a"], max_tokens=1, expect_error=True)
    tv_case("tv_pad_no_max_error", ["a"], adapt=["a"], output_mode="count",
            pad_to_max_tokens=True, expect_error=True)
    tv_case("tv_vocab_empty_error", ["a"], vocabulary=[], expect_error=True)
    tv_case("tv_vocab_dup_error", ["a"], vocabulary=["a", "b", "a"], expect_error=True)
    tv_case("tv_vocab_padding_inside_error", ["a"], vocabulary=["a", ""], expect_error=True)
    tv_case("tv_vocab_over_max_error", ["a"], vocabulary=["a", "b", "c"], max_tokens=4,
            expect_error=True)
    tv_case("tv_tf_idf_no_idf_error", ["a"], vocabulary=["a", "b"], output_mode="tf_idf",
            expect_error=True)
    tv_case("tv_tf_idf_idf_length_error", ["a"], vocabulary=["a", "b"], idf_weights=[1.0],
            output_mode="tf_idf", expect_error=True)
    tv_case("tv_idf_int_error", ["a"], vocabulary=["a", "b"], idf_weights=[1.0, 2.0],
            expect_error=True)
    tv_case("tv_int_max2_error", ["a"], adapt=["a b"], max_tokens=2, expect_error=True)
    tv_case("tv_osl_negative_error", ["a b"], adapt=["a b"], output_sequence_length=-1,
            expect_error=True)
    tv_case("tv_ngrams_negative_error", ["a b"], adapt=["a b"], ngrams=-1, expect_error=True)
    tv_case("tv_adapt_only_unk_error", ["a"], adapt=["[UNK]"], standardize=None,
            expect_error=True)


def main():
    lookup_cases()
    text_cases()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {"generator": "Fixtures/golden/make_preprocessing_text.py",
           "tensorflow_version": tf.__version__,
           "keras_version": keras.__version__,
           "keras_package": KERAS_PACKAGE,
           "corpora": CORPORA,
           "cases": CASES}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    counts = {}
    for c in CASES:
        counts[c["op"]] = counts.get(c["op"], 0) + 1
    errors = sum(1 for c in CASES if c.get("error"))
    print("wrote %d cases (%d errors) to %s: %s (keras %s via %s)" % (
        len(CASES), errors, os.path.normpath(OUT), counts, keras.__version__, KERAS_PACKAGE),
        file=sys.stderr)


if __name__ == "__main__":
    main()
