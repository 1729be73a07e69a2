"""Article texts from tokenised corpora: detokenised text with the character span of each token.

Every article is written as the project's plain-text input: a title line, a blank line, then
paragraphs separated by blank lines. Sets without headlines get a neutral lowercase title line
("document 12") whose mentions are never scored.
"""

NO_SPACE_BEFORE = frozenset(",.;:!?)]}%" ) | frozenset(
    ["...", "'s", "'re", "'ve", "'ll", "'d", "'m", "n't", "\u2019s", "\u2019re", "\u2019ve", "\u2019ll",
     "\u2019d", "\u2019m", "n\u2019t", "\u201d", "\u2019", "'S", "''"])
NO_SPACE_AFTER = frozenset(["(", "[", "{", "\u201c", "\u2018", "$", "``", "\u201c\u2018"])
STRAIGHT_QUOTES = ('"', "'")


class ArticleWriter:
    """Appends sentences of tokens to a text and remembers where each token landed.

    Straight quotes are paired per article: a quote mark that opens a sentence opens a quotation,
    otherwise marks alternate between opening and closing.
    """

    def __init__(self, title):
        self.parts = [title, "\n\n"]
        self.length = len(title) + 2
        self.title_range = (0, len(title))
        self.paragraph_open = False
        self.open_quote = {q: False for q in STRAIGHT_QUOTES}

    def new_paragraph(self):
        if self.paragraph_open:
            self._append("\n\n")
        self.paragraph_open = False

    def _append(self, s):
        self.parts.append(s)
        self.length += len(s)

    def add_sentence(self, tokens):
        """Writes one sentence; returns the (start, end) character span of each token."""
        spans = []
        glue = self.paragraph_open  # a space is due before the next token unless it attaches left
        attach_next = False
        for k, tok in enumerate(tokens):
            attaches_left = tok in NO_SPACE_BEFORE
            opens = tok in NO_SPACE_AFTER
            if tok in STRAIGHT_QUOTES:
                closing = self.open_quote[tok] and k > 0
                self.open_quote[tok] = not closing
                attaches_left, opens = closing, not closing
            if glue and not attaches_left and not attach_next:
                self._append(" ")
            spans.append((self.length, self.length + len(tok)))
            self._append(tok)
            glue, attach_next = True, opens
        self.paragraph_open = self.paragraph_open or bool(tokens)
        return spans

    def text(self):
        return "".join(self.parts) + "\n"
