"""scripts/eval's calls written again as something changed them (a lower recording gain, lost
packets, clipping), scored with callqa and call-ai-metrics against scripts/eval's truth: the body of
scripts/eval-gain and scripts/eval-impairments."""
import argparse
import multiprocessing
import pathlib
import shutil
import subprocess
import sys
import zlib

from . import corpus as corpus_mod
from . import detectors as det
from .common import need, sf
from .metrics import Scores, evaluate, median

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def log(message):
    print(message, file=sys.stderr, flush=True)


class Variant:
    """One way of writing every call again: `label` names it in the table, `folder` on disk;
    `write(samples, rate, seed)` returns (rate, samples, libsndfile subtype) for a call's decoded
    samples (frames x channels, float), `seed` a number fixed per call."""

    def __init__(self, label, folder, write):
        self.label, self.folder, self.write = label, folder, write


def parser(prog, description, default_out):
    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("--seed", type=int, default=11, help="corpus seed (default 11)")
    p.add_argument("--calls", type=int, default=None,
                   help="calls, the conditions in turn (default three per condition: 72, 24, 48)")
    p.add_argument("--out", default=str(ROOT / default_out))
    p.add_argument("--callqa", default=str(ROOT / ".build" / "release" / "callqa"))
    p.add_argument("--skip-baselines", action="store_true", help="callqa alone, without call-ai-metrics")
    p.add_argument("--jobs", type=int, default=2)
    corpus_choice = p.add_mutually_exclusive_group()
    corpus_choice.add_argument("--held-out", action="store_true", help="scripts/eval --held-out's conditions")
    corpus_choice.add_argument("--new-voices", action="store_true", help="scripts/eval --new-voices's voices and conditions")
    return p


def decoded(path):
    """The call's samples (frames x channels, float) and rate; MP3 through ffmpeg."""
    if path.suffix.lower() == ".mp3":
        wav = path.with_suffix(".decoded.wav")
        if not wav.exists():
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(path), "-c:a", "pcm_f32le", str(wav)], check=True)
        path = wav
    return sf.read(str(path), dtype="float64", always_2d=True)


def run(prog, args, default_callqa, variants, title, first_column="calls"):
    """Builds the corpus, writes every call once per variant, scores them and prints the table."""
    if args.new_voices:
        conditions = [c for c in corpus_mod.CONDITIONS if c[0].startswith("real_")] + corpus_mod.HELD_OUT_CONDITIONS
    else:
        conditions = corpus_mod.HELD_OUT_CONDITIONS if args.held_out else corpus_mod.CONDITIONS
    if args.calls is None:
        args.calls = 3 * len(conditions)
    if args.calls < 1:
        sys.exit(f"{prog}: --calls must be at least 1")
    recordings = [p for paths in corpus_mod.RealSpeech.SOURCES.values() for p in paths]
    if not all(shutil.which(t) for t in ("espeak-ng", "sox", "ffmpeg")) or not all(pathlib.Path(p).exists() for p in recordings):
        log(f"{prog}: installing what the corpus needs (scripts/bootstrap --fixtures)")
        subprocess.run([str(ROOT / "scripts" / "bootstrap"), "--fixtures"], check=False)
    binary = pathlib.Path(args.callqa)
    if not binary.exists():
        if args.callqa != default_callqa:
            sys.exit(f"{prog}: no callqa at {binary}")
        log(f"{prog}: building callqa (swift build -c release)")
        subprocess.run(["swift", "build", "-c", "release", "--product", "callqa"], cwd=ROOT, check=True)

    out = pathlib.Path(args.out)
    kind = "held-out-" if args.held_out else "new-voices-" if args.new_voices else ""
    corpus = out / f"corpus-{kind}{args.seed}"
    voices = corpus_mod.fetch_warzone(out / "voices", log) if args.new_voices else None
    index = corpus_mod.make_corpus(corpus, args.calls, args.seed, log=log, conditions=conditions, voices=voices)
    entries = {}  # (variant label, file name) -> truth entry
    folders = {v.label: out / "files" / f"{kind}{args.seed}" / v.folder for v in variants}
    for entry in index["entries"]:
        if entry.get("no_speech"):
            continue
        source = corpus / "calls" / entry["file"]
        samples = None
        for variant in variants:
            target = folders[variant.label] / (pathlib.Path(entry["file"]).stem + ".wav")
            entries[(variant.label, target.name)] = entry
            if target.exists():
                continue
            if samples is None:
                samples, rate = decoded(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            written_rate, written, subtype = variant.write(samples, rate, zlib.crc32(entry["file"].encode()))
            sf.write(str(target), written, written_rate, subtype=subtype)
    log(f"{prog}: {len(entries)} files in {out / 'files'}")

    names = ["callqa"]
    results = {}
    for label, folder in folders.items():
        found = det.run_callqa(binary, [folder], folder.parent / f"callqa-{folder.name}.jsonl", jobs=args.jobs)
        results.update({("callqa", label, name): value for name, value in found.items()})
    if not args.skip_baselines:
        need("call_ai_metrics", "call-ai-metrics")
        paths = [folders[label] / name for label, name in sorted(entries)]
        with multiprocessing.get_context("fork").Pool(max(1, args.jobs)) as pool:
            found = pool.map(det.call_ai_metrics_file, paths)
        for path, (name, roles, count, error) in zip(paths, found):
            label = next(lb for lb, folder in folders.items() if folder == path.parent)
            results[("call-ai-metrics", label, name)] = (roles, count, error)
        names.append("call-ai-metrics")

    labels = [v.label for v in variants]
    scores = {(label, d): Scores() for label in labels for d in names}
    problems = []
    for (label, name), entry in sorted(entries.items()):
        for d in names:
            roles, own, error = results.get((d, label, name), (None, None, "no result"))
            if roles is None:
                if not error.startswith("mono"):
                    problems.append(f"{d}: {label}: {name}: {error}")
                continue
            evaluate(entry, roles, own, scores[(label, d)])

    def f1(s):
        values = [s.prf(r) for r in ("agent", "customer", "mixed")]
        return " / ".join("n/a" if v is None else f"{v[2]:.3f}" for v in values)

    def pct(values):
        m = median(values)
        return "n/a" if m is None else f"{m:.2f} %"

    which = " --held-out" if args.held_out else " --new-voices" if args.new_voices else ""
    print(f"# scripts/eval{which}'s calls {title} (seed {args.seed}; {len(entries) // len(variants)} calls each)\n")
    header = [first_column] + [f"{d} F1 agent / customer / mono" for d in names] + \
        [f"{d} talk / silence / overlap error" for d in names] + [f"{d} interruptions exact" for d in names]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for label in labels:
        row = [label] + [f1(scores[(label, d)]) for d in names]
        row += [f"{pct(scores[(label, d)].talk)} / {pct(scores[(label, d)].silence)} / {pct(scores[(label, d)].overlap)}"
                for d in names]
        row += [f"{sum(scores[(label, d)].own_exact)}/{len(scores[(label, d)].own_exact)}" for d in names]
        print("| " + " | ".join(row) + " |")
    if problems:
        print("\nNot scored:")
        for p in problems:
            print(f"- {p}")
