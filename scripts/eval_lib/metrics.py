"""Metrics of scripts/eval. The same code scores the truth and every detector: each is reduced
to one boolean per 10 ms frame and role, and every number is computed from those frames."""
import statistics

from .common import FRAME, np, runs

MIN_OVERLAP_S = 0.5  # both parties keep speaking at least this long
MIN_INTERRUPTER_S = 1.0  # the interrupting stretch lasts at least this long (shorter: a backchannel)
TURN_PAUSE_S = 0.3  # shorter pauses do not end a party's talk (docs/metrics.md)


def bridged(mask, pause=TURN_PAUSE_S):
    """The frames with pauses shorter than `pause` between speech filled: a party's talk segments."""
    out = np.asarray(mask, dtype=bool).copy()
    spans = runs(out)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        if (start - end) * FRAME < pause - 1e-9:
            out[end:start] = True
    return out


def interruptions(a, b, min_overlap=MIN_OVERLAP_S, min_length=MIN_INTERRUPTER_S):
    """Interruptions between two parties' talk segments (frames with pauses under 0.3 s bridged): a
    segment of one party that starts while the other is already speaking (the other spoke in the
    frame before), lasts >= min_length, and overlaps the other's segment under way for >=
    min_overlap. A 0.2 s breath inside one party's talk is no new start."""
    a, b = bridged(a), bridged(b)
    count = 0
    for mine, theirs in ((a, b), (b, a)):
        for start, end in runs(mine):
            if start == 0 or not (theirs[start - 1] and theirs[start]):
                continue
            if (end - start) * FRAME < min_length - 1e-9:
                continue
            other_end = start
            while other_end < len(theirs) and theirs[other_end]:
                other_end += 1
            if (min(end, other_end) - start) * FRAME >= min_overlap - 1e-9:
                count += 1
    return count


def fit(mask, n):
    """Cuts or pads (with no speech) a detector's frames to the truth's length."""
    mask = np.asarray(mask, dtype=bool)
    if len(mask) >= n:
        return mask[:n]
    return np.concatenate([mask, np.zeros(n - len(mask), dtype=bool)])


class Scores:
    def __init__(self):
        self.tp, self.fp, self.fn = {}, {}, {}
        self.talk, self.silence, self.overlap = [], [], []
        self.exact, self.own_exact = [], []
        self.false_speech = {}
        # Word edges: per truth talk segment the detector found, how late its start and its end
        # are (ms, negative: early), and how many segments it missed entirely.
        self.onsets, self.ends, self.missed = [], [], 0

    def merge(self, other):
        for role in other.tp:
            for mine, theirs in ((self.tp, other.tp), (self.fp, other.fp), (self.fn, other.fn)):
                mine[role] = mine.get(role, 0) + theirs[role]
        self.talk += other.talk
        self.silence += other.silence
        self.overlap += other.overlap
        self.exact += other.exact
        self.own_exact += other.own_exact
        self.onsets += other.onsets
        self.ends += other.ends
        self.missed += other.missed
        for k, v in other.false_speech.items():
            self.false_speech[k] = self.false_speech.get(k, 0.0) + v

    def prf(self, role):
        tp, fp, fn = self.tp.get(role, 0), self.fp.get(role, 0), self.fn.get(role, 0)
        if tp + fp + fn == 0:
            return None
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def truth_frames(entry):
    n = int(round(entry["duration_s"] / FRAME))
    out = {}
    for role, spans in entry["roles"].items():
        mask = np.zeros(n, dtype=bool)
        for s, e in spans:
            mask[int(round(s / FRAME)):int(round(e / FRAME))] = True
        out[role] = mask
    return out


def evaluate(entry, found, own_interruptions, scores):
    """Adds one file's numbers to scores. found: role -> frames; own_interruptions: the detector's
    own count when it reports one (kept apart from the count computed from its frames)."""
    truth = truth_frames(entry)
    n = len(next(iter(truth.values())))
    found = {r: fit(found[r], n) for r in truth}
    if entry.get("no_speech"):
        scores.false_speech[entry["condition"]] = scores.false_speech.get(entry["condition"], 0.0) + \
            sum(float(np.sum(v)) * FRAME for v in found.values())
        return
    for role in truth:
        t, f = truth[role], found[role]
        scores.tp[role] = scores.tp.get(role, 0) + int(np.sum(t & f))
        scores.fp[role] = scores.fp.get(role, 0) + int(np.sum(~t & f))
        scores.fn[role] = scores.fn.get(role, 0) + int(np.sum(t & ~f))
    for role in truth:
        add_edges(truth[role], found[role], scores)
    share = 100.0 / n
    for role in truth:
        scores.talk.append(abs(int(np.sum(truth[role])) - int(np.sum(found[role]))) * share)
    anyone_t = np.logical_or.reduce(list(truth.values()))
    anyone_f = np.logical_or.reduce(list(found.values()))
    scores.silence.append(abs(int(np.sum(~anyone_t)) - int(np.sum(~anyone_f))) * share)
    if set(truth) == {"agent", "customer"}:
        both_t = truth["agent"] & truth["customer"]
        both_f = found["agent"] & found["customer"]
        scores.overlap.append(abs(int(np.sum(both_t)) - int(np.sum(both_f))) * share)
        scores.exact.append(interruptions(found["agent"], found["customer"]) == entry["interruptions"])
        if own_interruptions is not None:
            scores.own_exact.append(own_interruptions == entry["interruptions"])


def add_edges(truth, found, scores):
    """For each run of the truth (a talk segment, pauses inside utterances included), the
    detector's runs that overlap it: the first one's start and the last one's end against the
    truth's, in ms at the 10 ms frame resolution; a run with none is missed."""
    starts = runs(found)
    for start, end in runs(truth):
        overlapping = [(a, b) for a, b in starts if b > start and a < end]
        if not overlapping:
            scores.missed += 1
            continue
        scores.onsets.append((overlapping[0][0] - start) * FRAME * 1000)
        scores.ends.append((overlapping[-1][1] - end) * FRAME * 1000)


def median(values):
    return statistics.median(values) if values else None
