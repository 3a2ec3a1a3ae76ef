"""Recall of the repetition check on defects injected into real text, and its false alarms.

Reads the real excerpts of ../shared/dev-corpus/dev.jsonl (skips when the folder is absent).
Into every excerpt each kind of defect is injected at distinct random places of its narrative lines
(fixed seed), one defect per copy of the text, and the check must report it with the right kind
over the injected stretch:

- word: a jieba word written twice (资金 -> 资金资金);
- list_item: an item of a real 、-list written again, mostly right after itself, sometimes
  after a later item (规章、规范性文件 -> 规章、规章、规范性文件);
- clause: a verb that follows a prepositional phrase written again before it, the slip of the
  example report (与各业务部门加强了沟通 -> 加强了与各业务部门加强了沟通);
- sentence: a sentence written again right after itself;
- paragraph: a narrative paragraph written again further down.

A looser clause injection (any verb written again a few words later) is reported too, not as a
target: it shows what the clause detector, built for the slip above, does not reach.

The untouched excerpts give the false alarms: every finding that does not cover a repetition
labelled in the item's ``repetitions`` field (those are counted as found or missed).

    .venv/bin/python bench/repetition_injection.py [--trials 3] [--seed 2024] [--show-misses]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter

from auditor.checks import Context
from auditor.checks.repetition import check_repetition
from auditor.nlp import tagged
from auditor.parse import parse
from auditor.learn.evaluate import DEV_CORPUS, read_dev
from auditor.read import from_text

KINDS = ("word", "list_item", "clause", "sentence", "paragraph")
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMERING = re.compile(r"^\s*(?:[-•·●*]\s*)?(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[是、]|\d{1,2}[、.．)）])?\s*")
Span = tuple[int, int]
Made = tuple[str, Span]  # the text with a defect injected, and the defect's stretch


def findings(text: str):
    return check_repetition(parse(from_text(text)), Context())


def narrative_lines(text: str) -> list[Span]:
    """Lines of running text: with a sentence end, without table cells."""
    out, position = [], 0
    for line in text.split("\n"):
        if "。" in line and "\t" not in line and "|" not in line:
            out.append((position, position + len(line)))
        position += len(line) + 1
    return out


def words_in_lines(text: str) -> list[tuple[str, str, int, int]]:
    lines = narrative_lines(text)
    return [t for t in tagged(text) if any(s <= t[2] and t[3] <= e for s, e in lines)]


def inject_word(text: str) -> list[Made]:
    out = []
    for word, _, start, end in words_in_lines(text):
        if all(CJK.match(c) for c in word):
            out.append((text[:end] + word + text[end:], (start, end + len(word))))
    return out


def inject_list_item(text: str) -> list[Made]:
    out = []
    for s, e in narrative_lines(text):
        for run in re.finditer(r"[^，。；：,;:！？!?()（）“”\"《》\[\]]+", text[s:e]):
            parts, position = [], s + run.start()
            for part in run.group().split("、"):
                parts.append((position, position + len(part)))
                position += len(part) + 1
            middle = [p for p in parts[1:-1] if CJK.search(text[p[0] : p[1]]) and p[1] - p[0] <= 15]
            for item in middle:
                words = text[item[0] : item[1]]
                out.append((text[: item[0]] + words + "、" + text[item[0] :], (item[0], item[1] + len(words) + 1)))
                for after in (p for p in middle if p[0] > item[1]):
                    out.append((text[: after[1]] + "、" + words + text[after[1] :], (item[0], after[1] + 1 + len(words))))
    return out


def inject_clause(text: str) -> list[Made]:
    """Before a preposition, the verb that follows its phrase (与各业务部门加强了 -> 加强了与各业务部门加强了)."""
    words = words_in_lines(text)
    out = []
    for index, (word, tag, start, end) in enumerate(words):
        if tag != "p":
            continue
        for later in range(index + 2, len(words)):
            verb = words[later]
            if verb[2] - end > 8 or not all(CJK.match(c) for c in text[start : verb[2]]):
                break
            if words[later - 1][1] == "c" or words[later - 1][0] in "和及与或并":
                break  # 对…关心及需要: the verb starts a second phrase, not the predicate
            if verb[1] == "v" and len(verb[0]) >= 2 and all(CJK.match(c) for c in verb[0]):
                particle = words[later + 1][0] if later + 1 < len(words) and words[later + 1][0] in "了过着" else ""
                phrase = verb[0] + particle
                out.append((text[:start] + phrase + text[start:], (start, verb[3] + len(particle) + len(phrase))))
                break
    return out


def inject_clause_loose(text: str) -> list[Made]:
    """Any verb written again one to four words later in its clause (完善信息发布完善审核制度);
    not a target: shows how far the clause detector reaches beyond the slip it is built for."""
    words = words_in_lines(text)
    out = []
    for index, (word, tag, start, end) in enumerate(words):
        if tag != "v" or len(word) < 2 or not all(CJK.match(c) for c in word):
            continue
        for later in range(index + 2, min(index + 6, len(words))):
            at = words[later][2]
            if not all(CJK.match(c) for c in text[end:at]) or not CJK.match(words[later][0][0]):
                break
            out.append((text[:at] + word + text[at:], (start, at + len(word))))
    return out


def inject_sentence(text: str) -> list[Made]:
    out = []
    for s, e in narrative_lines(text):
        for match in re.finditer(r"[^。！？!?]+[。！？!?]", text[s:e]):
            body = match.group()
            lead = NUMERING.match(body).end()
            if len(CJK.findall(body[lead:])) >= 4:
                start, end = s + match.start() + lead, s + match.end()
                out.append((text[:end] + text[start:end] + text[end:], (start, end + end - start)))
    return out


def inject_paragraph(text: str) -> list[Made]:
    lines = narrative_lines(text)
    out = []
    for index, (start, end) in enumerate(lines):
        if len(CJK.findall(text[start:end])) < 20:
            continue
        copy = "\n" + text[start:end].strip()
        for _, after in lines[index + 2 :]:
            if text[:after].rstrip()[-1:] not in "。！？!?":
                continue  # a line cut off at the end of the excerpt goes on in the copy
            out.append((text[:after] + copy + text[after:], (after + 1, after + len(copy))))
    return out


INJECT = {"word": inject_word, "list_item": inject_list_item, "clause": inject_clause, "sentence": inject_sentence, "paragraph": inject_paragraph}
LOOSE = {"clause": inject_clause_loose}


def overlaps(finding, span: Span) -> bool:
    return finding.start < span[1] and finding.end > span[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=3, help="injections per excerpt and kind")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    items = read_dev()
    if items is None:
        print(f"skipped: {DEV_CORPUS} not found")
        return 0
    rng = random.Random(args.seed)

    false_alarms, labelled, labelled_found = [], 0, 0
    for item in items:
        text = item["text"]
        labels = [(m.start(), m.end()) for r in item.get("repetitions", []) for m in re.finditer(re.escape(r), text)]
        found = findings(text)
        for span in labels:
            labelled += 1
            labelled_found += any(overlaps(f, span) for f in found)
        for f in found:
            if not any(overlaps(f, span) for span in labels):
                false_alarms.append((item["id"], f))

    injected, detected, misses = Counter(), Counter(), []
    for kind in KINDS:
        for item in items:
            sites = INJECT[kind](item["text"])
            for text, span in rng.sample(sites, min(args.trials, len(sites))):
                injected[kind] += 1
                if any(f.check == f"repetition.{kind}" and overlaps(f, span) for f in findings(text)):
                    detected[kind] += 1
                else:
                    misses.append((kind, item["id"], text[max(0, span[0] - 12) : span[1] + 12]))

    loose, loose_found = Counter(), Counter()
    for kind, inject in LOOSE.items():
        for item in items:
            sites = inject(item["text"])
            for text, span in rng.sample(sites, min(args.trials, len(sites))):
                loose[kind] += 1
                loose_found[kind] += any(f.check == f"repetition.{kind}" and overlaps(f, span) for f in findings(text))

    print(f"excerpts: {len(items)}, seed {args.seed}, {args.trials} injections per excerpt and kind")
    for kind in KINDS:
        print(f"  recall {kind:<10} {detected[kind]:>4}/{injected[kind]:<4} = {detected[kind] / max(injected[kind], 1):.3f}")
    for kind in LOOSE:
        print(f"  (not a target) any verb repeated later in its clause: {loose_found[kind]}/{loose[kind]} = {loose_found[kind] / max(loose[kind], 1):.3f}")
    labelled_items = sum(1 for item in items if item.get("repetitions"))
    untouched = len(items) - labelled_items
    print(f"labelled repetitions found: {labelled_found}/{labelled}")
    print(f"false alarms on untouched excerpts: {len(false_alarms)} over {len(items)} excerpts ({untouched} without labelled repetitions); target <= {-(-len(items) // 20)}")
    for item_id, f in false_alarms:
        print(f"  FALSE ALARM {item_id} {f.check} {f.text!r}: {f.message}")
    if args.show_misses:
        for kind, item_id, context in misses:
            print(f"  MISS {kind} {item_id} {context!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
