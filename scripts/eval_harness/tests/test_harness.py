"""Self-test of scripts/eval's mapping and scoring on fixtures in the repository (no ../shared).

Run: python3 -m unittest discover -s scripts/eval_harness/tests   (scripts/test runs it too)
"""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.dirname(HERE)
FIXTURES = os.path.join(HERE, "fixtures")
sys.path.insert(0, HARNESS)

import names  # noqa: E402
import sets  # noqa: E402
from scoring import score_names, score_quotes, speaker_matches  # noqa: E402


def spanned(doc):
    """{(text, kind)} of a doc's gold spans."""
    return {(doc.text[s.start:s.end], s.kind) for s in doc.spans}


def record(*mentions, quotes=()):
    """A gleaner.article/1-shaped record from (type, start, end, text) mentions."""
    return {"entities": [{"type": t, "mentions": [{"start": a, "end": b, "text": x}]} for t, a, b, x in mentions],
            "quotes": list(quotes)}


class NameSpanTests(unittest.TestCase):
    def name(self, text, kind, head_word=None):
        head = text.index(head_word) if head_word else None
        span = names.name_span(text, 0, len(text), kind, head)
        return text[span[0]:span[1]] if span else None

    def test_titles_leave_person_names(self):
        self.assertEqual(self.name("Dr. Jane Smith", "PER"), "Jane Smith")
        self.assertEqual(self.name("King Louis XV of France", "PER", "Louis"), "Louis XV")
        self.assertIsNone(self.name("Lord High Chancellor", "PER"))

    def test_titles_stay_in_organisations(self):
        self.assertEqual(self.name("General Motors", "ORG"), "General Motors")

    def test_appositions_relative_clauses_and_possessives_are_cut(self):
        self.assertEqual(self.name("University of Portsmouth, United Kingdom", "ORG", "University"),
                         "University of Portsmouth")
        self.assertEqual(self.name("Ernest Duchatelet, who was imprisoned", "PER", "Ernest"), "Ernest Duchatelet")
        self.assertEqual(self.name("the old Mexican Army's", "ORG", "Army"), "Mexican Army")
        self.assertEqual(self.name("British Broadcasting Corporation (BBC)", "ORG", "Corporation"),
                         "British Broadcasting Corporation")

    def test_a_lowercase_head_falls_back_to_the_first_capitalised_word(self):
        self.assertEqual(self.name("de Tocqueville", "PER", "de"), "Tocqueville")
        self.assertEqual(self.name("S 75th Ave", "LOC", "Ave"), "S 75th Ave")
        self.assertIsNone(self.name("figure 1", "MISC", "figure"))

    def test_norm_matches_score_py(self):
        self.assertEqual(names.norm("The  Bank\u2019s"), "Bank")
        self.assertEqual(names.norm("Del Frisco 's"), "Del Frisco")


class GumTests(unittest.TestCase):
    TEXT = ("Meeting Notes\n\nDr. Jane Smith of the University of Portsmouth met the Mexican Army. "
            "Americans cheered. They love Smith.\n")

    def entity(self, phrase, kind, conll, head, entity_id, form="proper"):
        a = self.TEXT.index(phrase)
        h = self.TEXT.index(head, a)
        return {"start": a, "end": a + len(phrase), "text": phrase, "type": kind, "conll_like": conll,
                "form": form, "entity_id": entity_id, "head": {"start": h, "end": h + len(head), "text": head},
                "minspan": {"start": a, "end": a + len(phrase), "text": phrase}}

    def test_gum_names_are_flat_untitled_and_groups_settled(self):
        entities = [
            self.entity("Dr. Jane Smith", "person", "PER", "Jane", "1"),
            self.entity("the University of Portsmouth", "organization", "ORG", "University", "2"),
            self.entity("Portsmouth", "place", "LOC", "Portsmouth", "3"),
            self.entity("the Mexican Army", "person", "PER", "Army", "4"),
            self.entity("Americans", "person", "PER", "Americans", "5"),
            self.entity("They", "person", None, "They", "5", form="pronoun"),
        ]
        got = {(self.TEXT[s.start:s.end], s.kind) for s in sets.gum_spans(self.TEXT, entities)}
        self.assertEqual(got, {("Jane Smith", "PER"), ("University of Portsmouth", "ORG"),
                               ("Mexican Army", "ORG"), ("Americans", None)})

    def test_meta_title_is_not_scored(self):
        with tempfile.TemporaryDirectory() as tmp:
            text_path = os.path.join(tmp, "GUM_x.txt")
            with open(text_path, "w") as f:
                f.write(self.TEXT)
            gold_path = os.path.join(tmp, "GUM_x.json")
            with open(gold_path, "w") as f:
                f.write('{"doc_id": "GUM_x", "genre": "letter", "title_from_meta": true, "entities": []}')
            doc = sets.read_gum_doc(gold_path, text_path)
        self.assertEqual(doc.group, "gum letter")
        self.assertEqual(doc.ignore_ranges, [(0, len("Meeting Notes"))])

    def test_speaker_annotations_keep_quotes_and_leave_terms_out(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "speakers.tsv")
            with open(path, "w") as f:
                f.write("# header\nGUM_x\t5\t20\tspeaker\tJane Smith\nGUM_x\t30\t36\tnot-quote\t\n"
                        "GUM_x\t40\t50\tnone\t\nGUM_y\t1\t2\tspeaker\tBob\n")
            quotes = sets.read_gum_speakers(path)
        self.assertEqual([(q.start, q.end, q.speaker_names) for q in quotes["GUM_x"]],
                         [(5, 20, ["Jane Smith"]), (40, 50, [])])
        self.assertEqual(len(quotes["GUM_y"]), 1)

    def test_the_shipped_speaker_annotations_parse(self):
        quotes = sets.read_gum_speakers()
        named = sum(1 for qs in quotes.values() for q in qs if q.speaker_names)
        self.assertEqual((sum(len(qs) for qs in quotes.values()), named), (176, 92))


class TokenisedSetTests(unittest.TestCase):
    def test_wikigold_io_tags_split_at_type_changes_and_text_is_detokenised(self):
        docs = list(sets.read_wikigold(os.path.join(FIXTURES, "wikigold.conll.txt")))
        self.assertEqual(len(docs), 2)
        self.assertEqual(docs[0].text, 'document 1\n\nThe Mad Capsule Markets played in Tokyo Osaka. '
                                       'They said "hello" to John Smith\'s fans.\n')
        self.assertEqual(spanned(docs[0]), {("The Mad Capsule Markets", "ORG"), ("Tokyo Osaka", "LOC"),
                                            ("John Smith", "PER")})
        self.assertEqual(spanned(docs[1]), {("Paris", "LOC"), ("Hilton", "PER")})
        self.assertEqual(docs[0].ignore_ranges, [(0, len("document 1"))])

    def test_tags_start_a_name_at_b_or_a_type_change_and_read_oth_and_b_o(self):
        spans = [(i * 2, i * 2 + 1) for i in range(6)]
        got = sets._bio_spans(spans, ["I-PER", "I-ORG", "B-O", "B-OTH", "I-OTH", "I-LOC"])
        self.assertEqual([(g.start, g.end, g.kind) for g in got],
                         [(0, 1, "PER"), (2, 3, "ORG"), (6, 9, "MISC"), (10, 11, "LOC")])

    def test_uner_keeps_the_original_sentence_text(self):
        (doc,) = sets.read_uner([os.path.join(FIXTURES, "uner.iob2")])
        self.assertEqual(doc.text, "document doc-a\n\nwe flew to new york with Bob's mom. Google rocks!\n")
        self.assertEqual(spanned(doc), {("new york", "LOC"), ("Bob", "PER"), ("Google", "ORG")})

    def test_uner_sentence_without_end_punctuation_ends_its_line(self):
        (doc,) = sets.read_uner([os.path.join(FIXTURES, "uner-email.iob2")])
        self.assertEqual(doc.text,
                         'document mail-b\n\nCoach: Lisa Gilette\nKristen Quinn, Sam Pak\nThanks "all." Bye\n')
        self.assertEqual(spanned(doc), {("Lisa Gilette", "PER"), ("Kristen Quinn", "PER"), ("Sam Pak", "PER")})

    def test_litbank_proper_mentions_quotes_and_speakers(self):
        (doc,) = sets.read_litbank(os.path.join(FIXTURES, "litbank"))
        self.assertEqual(doc.text, 'document 1\n\nCHAPTER I\n\n\u201cCome here,\u201d said Mr. Jarndyce to old Tom. '
                                   'They walked to Lincoln\'s Inn Hall in London.\n\n"Yes," said the boy, "I will. '
                                   'It is late."\n')
        self.assertEqual(spanned(doc), {("Jarndyce", "PER"), ("Tom", "PER"), ("Lincoln's Inn Hall", "LOC"),
                                        ("London", "LOC"), ("Mr.", None)})
        self.assertEqual([s.alternatives for s in doc.spans if s.kind == "LOC"][0], frozenset({"ORG"}))
        quotes = [(doc.text[q.start:q.end], q.speaker_names) for q in doc.quotes]
        self.assertEqual(quotes, [("\u201cCome here,\u201d", ["Jarndyce", "Mr. Jarndyce"]), ('"Yes,"', []),
                                  ('"I will. It is late."', [])])


class ScoringTests(unittest.TestCase):
    def setUp(self):
        (self.doc,) = sets.read_litbank(os.path.join(FIXTURES, "litbank"))

    def at(self, kind, text, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = self.doc.text.index(text, start + 1)
        return kind, start, start + len(text), text

    def test_names_count_alternatives_unscored_texts_and_headline(self):
        rec = record(self.at("PERSON", "Jarndyce"), self.at("ORG", "Lincoln's Inn Hall"),
                     self.at("ORG", "London"), self.at("PERSON", "Mr."), self.at("ORG", "document 1"),
                     self.at("PERSON", "Yes"))
        c = score_names(self.doc, rec).by_type
        # Jarndyce right; the hall accepted as ORG; London wrong type; Mr. unscored; headline dropped
        self.assertEqual(c["PER"], [1, 1, 1])   # Jarndyce tp, Yes fp, Tom fn
        self.assertEqual(c["ORG"], [1, 1, 0])   # hall tp (alternative class), London fp
        self.assertEqual(c["LOC"], [0, 0, 1])   # London fn

    def test_an_empty_record_finds_nothing(self):
        c = score_names(self.doc, record())
        self.assertEqual(c.totals(), [0, 0, 4])
        self.assertEqual(c.f1(), 0.0)

    def test_quotes_pair_by_overlap_and_speakers_by_name(self):
        come = self.doc.text.index("Come")
        will = self.doc.text.index("I will")
        quotes = [{"start": come, "end": come + 10, "speaker": "Jarndyce"},
                  {"start": will, "end": will + 6, "speaker": None},
                  {"start": 0, "end": 5, "speaker": "Tom"}]
        n = score_quotes(self.doc, record(quotes=quotes)).n
        self.assertEqual((n["gold"], n["system"], n["matched"]), (3, 3, 2))
        self.assertEqual((n["named"], n["exact"], n["surname"]), (1, 1, 1))
        self.assertEqual((n["unnamed"], n["unnamed_null"]), (1, 1))

    def test_speaker_surname_rule(self):
        self.assertEqual(speaker_matches("John Jarndyce", ["Mr. Jarndyce", "Jarndyce"]), (False, True))
        self.assertEqual(speaker_matches(None, ["Jarndyce"]), (False, False))


class SplitAndEntryPointTests(unittest.TestCase):
    def test_split_is_fixed_and_about_half(self):
        self.assertEqual(sets.part_of("litbank", "1023_bleak_house_brat"),
                         sets.part_of("litbank", "1023_bleak_house_brat"))
        looks = sum(sets.part_of("gum", f"doc{i}") == sets.LOOK for i in range(2000))
        self.assertTrue(900 < looks < 1100, looks)

    def test_without_research_data_it_says_so_and_exits_cleanly(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run([sys.executable, os.path.join(HARNESS, "main.py"), "--shared", tmp, "--no-build"],
                                 capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("Nothing to evaluate", out.stdout)


if __name__ == "__main__":
    unittest.main()
