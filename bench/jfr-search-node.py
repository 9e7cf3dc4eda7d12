#!/usr/bin/env python3
"""Where the search node's CPU goes, from a JFR recording of it (docs/benchmarks.md, "Retrieval in the turn").

Record with the retrieval bench's node variant, e.g.
  bench/run-retrieval.sh --retrieval-warmup 20s --retrieval-measure 30s --search-node-jvm \
    "-Xms384m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:StartFlightRecording=filename=/tmp/node.jfr,settings=profile,dumponexit=true"
then: bench/jfr-search-node.py /tmp/node.jfr
Every execution sample of the node's request threads (search, get, transport) goes to the first category its stack matches."""
import collections
import re
import subprocess
import sys

def has(frames, *patterns):
    return any(p in frame for frame in frames for p in patterns)


def fetch(frames):
    return has(frames, "FetchPhase", "org.opensearch.index.get", "org.opensearch.action.get")



CATEGORIES = [
    ("fetch: stored fields read and decompressed", lambda f: fetch(f) and has(f, "LZ4", "StoredFields", "storedFields")),
    ("fetch: _source JSON parsed (the vector's floats among it)", lambda f: fetch(f) and has(f, "com.fasterxml.jackson")),
    ("fetch: _source filtered, other fetch work", fetch),
    ("query: fuzzy automata (the fuzzy name clause)", lambda f: has(f, "org.apache.lucene.util.automaton", "FuzzyQuery", "FuzzyTermsEnum")),
    ("query: k-NN", lambda f: has(f, "org.opensearch.knn", "KnnFloatVectorQuery", "AbstractKnnVectorQuery", "HnswGraph")),
    ("query: terms, scoring, rewriting, the rest", lambda f: has(f, "QueryPhase", "SearchService.createContext", "parseSource", "org.apache.lucene.search")),
    ("HTTP, request parsing and the rest", lambda f: True),
]


def main(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                          capture_output=True, text=True, check=True).stdout
    samples = []
    for block in text.split("jdk.ExecutionSample {")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        if thread and re.search(r"\[(search|get|transport_worker|http_server_worker)\]", thread.group(1)):
            samples.append(re.findall(r"^\s{4}([\w$.<>]+)\(", block, re.M))
    counts = collections.Counter()
    for frames in samples:
        counts[next(name for name, match in CATEGORIES if match(frames))] += 1
    print(f"{len(samples)} samples of the node's request threads")
    print("| where | share of the node's request-thread CPU |\n|---|---:|")
    for name, _ in CATEGORIES:
        print(f"| {name} | {100 * counts[name] / max(1, len(samples)):.0f} % |")


if __name__ == "__main__":
    main(sys.argv[1])
