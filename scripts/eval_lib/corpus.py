"""The labelled corpus of scripts/eval: two-party calls built from espeak-ng utterances and, in the
real_* conditions, from recordings of people that Debian packages and pocketsphinx's source
archive on PyPI ship (see RealSpeech).

Every call is built at 48 kHz as one clean track per party plus the utterance list, then the
condition is applied (levels, echo, noise, hold, mixing to mono) and the file is written at the
condition's rate and encoding. The truth of a party is the union of its utterances, each trimmed
to its first and last 10 ms frame above -50 dB of the utterance's loudest frame (espeak-ng pads
with digital silence, so this is where the voice starts and stops); pauses inside one utterance
(commas) are speech, the gaps between utterances are not. A recorded utterance is trimmed the same
way, but also to frames 15 dB over the recording's own noise floor (where its voice can be told
from the room). Nothing else (echo, babble, tones,
music, noise, typing, clicks, breaths) is speech of a party. Mono files: the truth is the union of both parties.
"""
import hashlib
import json
import pathlib
import random
import shutil
import subprocess

from .common import FRAME, MASTER, db, frames, np, resample, rms, runs, sf, spans_of
from .metrics import interruptions

PHRASES = {
    "it": ["Buongiorno, sono Marco del servizio clienti, come posso aiutarla?", "Certo, controllo subito la sua fattura.",
           "Mi può dare il numero del contratto, per favore?", "Ho un problema con la bolletta di questo mese.",
           "Il pagamento risulta registrato il dieci novembre.", "Perfetto, grazie mille per la pazienza.",
           "Non capisco perché l'importo è così alto.", "La richiamo entro domani mattina con una risposta."],
    "es": ["Buenos días, le atiende Lucía, ¿en qué puedo ayudarle?", "Un momento, por favor, reviso su cuenta.",
           "Mi conexión a internet se corta cada tarde.", "¿Me confirma su número de cliente?",
           "Ya he abierto una incidencia con el técnico.", "Gracias, me ha sido de gran ayuda.",
           "Llevo tres días sin servicio y nadie me llama.", "Le enviaremos un mensaje con la cita."],
    "ro": ["Bună ziua, sunt Andrei, cu ce vă pot ajuta?", "Vă rog să îmi spuneți numărul comenzii.",
           "Comanda mea nu a ajuns nici astăzi.", "Verific imediat unde se află coletul.",
           "Curierul va suna mâine dimineață.", "Mulțumesc frumos pentru ajutor.",
           "Am plătit deja de două ori această factură.", "Vă trimit confirmarea prin email."],
    "en": ["Good morning, this is Sarah, how can I help you today?", "Let me check your account for you.",
           "I was charged twice for the same order.", "Could you confirm your postcode, please?",
           "I have raised a refund for the second payment.", "Thank you so much, that is really helpful.",
           "I have been waiting for over a week now.", "You will get an email within two working days."],
    "de": ["Guten Tag, hier spricht Jonas, wie kann ich helfen?", "Einen Moment bitte, ich schaue nach.",
           "Meine Rechnung ist dieses Mal viel zu hoch.", "Können Sie mir Ihre Kundennummer nennen?",
           "Ich habe die Gutschrift gerade veranlasst.", "Vielen Dank für Ihre Geduld.",
           "Das Paket ist immer noch nicht angekommen.", "Sie erhalten morgen eine Bestätigung."],
    "fr": ["Bonjour, Claire à l'appareil, que puis-je faire pour vous ?", "Je vérifie votre dossier tout de suite.",
           "Ma box internet ne fonctionne plus depuis hier.", "Pouvez-vous me donner votre numéro client ?",
           "Un technicien passera jeudi matin.", "Merci beaucoup pour votre aide.",
           "C'est la troisième fois que j'appelle.", "Vous recevrez un courriel de confirmation."],
}
BACKCHANNELS = {"it": ["sì", "certo", "ok"], "es": ["sí", "vale", "claro"], "ro": ["da", "bine", "sigur"],
                "en": ["mm-hm", "ok", "right"], "de": ["ja", "genau", "ok"], "fr": ["oui", "ok", "bien"]}
VOICES = {"agent": ["+m3", "+f3", "+m1"], "customer": ["+f2", "+m4", "+f4"]}
ROLES = ("agent", "customer")

# (name, rate, layout, encoding, extra); extra: None, "levels", "echo", "hold" or (noise kind, SNR dB)
CONDITIONS = [
    ("clean_ulaw8k", 8000, "stereo", "ulaw", None),
    ("clean_pcm16k", 16000, "stereo", "pcm", None),
    ("clean_pcm44k", 44100, "stereo", "pcm", None),
    ("clean_pcm48k", 48000, "stereo", "pcm", None),
    ("alaw8k", 8000, "stereo", "alaw", None),
    ("gsm_mono8k", 8000, "mono", "gsm", None),
    ("mp3_16k", 16000, "stereo", "mp3", None),
    ("levels_-12_-40", 8000, "stereo", "pcm", "levels"),
    ("pink15db", 8000, "stereo", "pcm", ("pink", 15)),
    ("brown15db", 16000, "stereo", "pcm", ("brown", 15)),
    ("noise5db", 8000, "stereo", "ulaw", ("pink/brown", 5)),
    ("babble10db", 16000, "stereo", "pcm", ("babble", 10)),
    ("hiss_hum", 8000, "stereo", "pcm", ("hiss_hum", 20)),
    ("echo", 8000, "stereo", "pcm", "echo"),
    ("hold_ring_dtmf", 8000, "stereo", "ulaw", "hold"),
    ("mono_pcm8k", 8000, "mono", "pcm", None),
    # Recorded people (RealSpeech) rather than espeak-ng.
    ("real_ulaw8k", 8000, "stereo", "ulaw", None),
    ("real_pink10db", 16000, "stereo", "pcm", ("pink", 10)),
    ("real_echo", 8000, "stereo", "pcm", "echo"),
    # One party speaks with the voices in pocketsphinx's source distribution (PyPI), the other
    # with one of the two Debian packages'. Appended last, so that the calls above stay the same.
    ("real_pcm16k", 16000, "stereo", "pcm", None),
    ("real_levels_alaw8k", 8000, "stereo", "alaw", "levels"),
    ("real_babble10db", 16000, "stereo", "pcm", ("babble", 10)),
    ("real_gsm_mono8k", 8000, "mono", "gsm", None),
    # Keyboard typing, mouse clicks and breaths at the agent's microphone (none of it speech).
    # Appended last, so that the calls above stay the same.
    ("desk_sounds", 16000, "stereo", "pcm", "desk"),
]
# `scripts/eval --held-out`: recorded people in conditions the detector was not tuned on (first
# run on 2026-11-29, night), to try it the way a new user would: brown noise at 10 dB, line hiss
# and hum, 44.1 kHz MP3, a -12/-40 dBFS call at 16 kHz, 5 dB noise, babble at 15 dB, 48 kHz, and
# white noise at 15 dB.
HELD_OUT_CONDITIONS = [
    ("real_brown10db", 8000, "stereo", "ulaw", ("brown", 10)),
    ("real_hiss_hum", 8000, "stereo", "pcm", ("hiss_hum", 20)),
    ("real_mp3_44k", 44100, "stereo", "mp3", None),
    ("real_levels_pcm16k", 16000, "stereo", "pcm", "levels"),
    ("real_noise5db", 8000, "stereo", "ulaw", ("pink/brown", 5)),
    ("real_babble15db", 16000, "stereo", "pcm", ("babble", 15)),
    ("real_pcm48k", 48000, "stereo", "pcm", None),
    ("real_white15db", 16000, "stereo", "pcm", ("white", 15)),
]
# The conditions whose calls take one party's voice from PyPI's pocketsphinx recordings.
PYPI_VOICE_CONDITIONS = {"real_pcm16k", "real_levels_alaw8k", "real_babble10db", "real_gsm_mono8k",
                         "real_levels_pcm16k", "real_babble15db", "real_pcm48k"}
NO_SPEECH = [("tones_only", 8000, "ulaw"), ("music_only", 16000, "pcm"), ("noise_only", 8000, "pcm")]
NO_SPEECH_SECONDS = 40.0
LINE_FLOOR_DB = -68  # white noise on every channel of every file: no channel is digital silence


# ---------------------------------------------------------------- speech pool

class Pool:
    """espeak-ng utterances at 48 kHz, trimmed to their voice and normalised to RMS 1."""

    def __init__(self, folder):
        self.folder = pathlib.Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.cache = {}

    def get(self, lang, text, voice, speed):
        key = (lang, text, voice, int(speed))
        if key in self.cache:
            return self.cache[key]
        name = hashlib.sha1(json.dumps(key).encode()).hexdigest()[:16] + ".wav"
        path = self.folder / name
        if not path.exists():
            tmp = path.with_suffix(".tmp.wav")
            subprocess.run(["espeak-ng", "-v", f"{lang}{voice}", "-s", str(int(speed)), "-w", str(tmp), text],
                           check=True, capture_output=True)
            tmp.rename(path)
        data, rate = sf.read(str(path), dtype="float64")
        data = resample(data, rate, MASTER)
        step = int(FRAME * MASTER)
        energy = np.array([rms(data[i:i + step]) for i in range(0, len(data) - step + 1, step)])
        peak = energy.max() if len(energy) else 0.0
        loud = np.nonzero(energy > peak * db(-50))[0] if peak > 0 else []
        if len(loud) == 0:
            raise RuntimeError(f"espeak-ng gave no audio for {key}")
        data = data[loud[0] * step:(loud[-1] + 1) * step]
        self.cache[key] = data / (rms(data) or 1.0)
        return self.cache[key]


# The recordings of people in pocketsphinx's source distribution on PyPI (BSD licence, Carnegie
# Mellon University): its test data, read speech by several speakers at 16 kHz,
# among them five sentences of a LibriVox reading (public domain). Fetched once into the eval's
# work folder, checked against the digest PyPI publishes; never committed.
POCKETSPHINX = {
    "url": "https://files.pythonhosted.org/packages/61/e7/13e0e787ff467218de880310d79cba14424f13b87171ac44af0bde1e428c/"
           "pocketsphinx-5.1.1.tar.gz",
    "sha256": "675778b309a22dfc9b7d37f7621976bba491d2a5f8c59696bd77fd6d07271355",
    "members": [f"test/data/librivox/sense_and_sensibility_01_austen_64kb-0{n}.wav" for n in (870, 880, 890, 920, 930)]
               + [f"test/data/cards/00{n}.wav" for n in range(1, 6)]
               + ["test/data/forever/input_2_16k.wav", "test/data/forever/input_4_16k.wav",
                  "test/data/goforward.raw", "test/data/numbers.raw", "test/data/something.raw"],
    # Not test/regression/chan3.wav, nor test/data/vad/leak-test.wav: their background (knocks,
    # clicks, a second voice) rises 15-30 dB over their floor between phrases, and a truth taken
    # from the level alone would call it speech.
}


def fetch_pocketsphinx(folder, log=print):
    """The pocketsphinx recordings in `folder` (downloaded from PyPI and unpacked when missing);
    returns their paths."""
    import tarfile
    import urllib.request
    folder = pathlib.Path(folder)
    paths = [folder / m for m in POCKETSPHINX["members"]]
    if all(p.exists() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / POCKETSPHINX["url"].rsplit("/", 1)[1]
    if not archive.exists() or hashlib.sha256(archive.read_bytes()).hexdigest() != POCKETSPHINX["sha256"]:
        log(f"eval: downloading {archive.name} from PyPI (its recordings of people)")
        try:
            with urllib.request.urlopen(POCKETSPHINX["url"], timeout=120) as response:
                data = response.read()
        except OSError as error:
            raise SystemExit(f"eval: cannot download {POCKETSPHINX['url']}: {error}") from None
        if hashlib.sha256(data).hexdigest() != POCKETSPHINX["sha256"]:
            raise SystemExit(f"eval: {archive.name} from PyPI does not match its published sha256")
        archive.write_bytes(data)
    prefix = archive.name[:-len(".tar.gz")] + "/"
    with tarfile.open(archive) as tar:
        for member in POCKETSPHINX["members"]:
            source = tar.extractfile(prefix + member)
            target = folder / member
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())
    archive.unlink()  # 34 MB; only the recordings (3 MB) are kept
    return paths


# Voices the detector was never tuned on (scripts/eval --new-voices): the spoken lines of the game
# Warzone 2100 (Debian's warzone2100-data, GPL): a narrator's tutorial (80 lines, 250 s) and its
# short spoken messages ("mission failed", "research completed", countdowns; 128 lines). Game
# audio, 11 kHz Ogg Vorbis, produced and trimmed tightly: its lines start and end abruptly, as
# speech does through a VoIP line's noise suppression. Not its briefings (sequenceaudio: music and
# effects under the voice), nor vtoltalk (a radio hiss under every line), nor effects.
WARZONE = {
    "package": "warzone2100-data",
    "archive": "usr/share/games/warzone2100/base.wz",
    "sets": {
        "warzone2100-narrator": ["audio/tutorial/"],
        "warzone2100-messages": ["audio/memressp/missmesg/", "audio/memressp/cmndrvoc/", "audio/memressp/console/",
                                 "audio/memressp/research/", "audio/countdown/"],
    },
}


def fetch_warzone(folder, log=print):
    """The Warzone 2100 voices in `folder` (the package downloaded with `apt-get download` and
    its lines extracted when missing, about 140 MB once; nothing is installed); returns set name ->
    paths."""
    import zipfile
    folder = pathlib.Path(folder)
    lines = folder / "lines"
    marker = lines / "complete"
    if not marker.exists():
        debs = folder / "debs"
        debs.mkdir(parents=True, exist_ok=True)
        archive = next(debs.glob(f"{WARZONE['package']}_*.deb"), None)
        if archive is None:
            log(f"eval: downloading {WARZONE['package']} (apt-get download, about 140 MB; the voices of its game)")
            done = subprocess.run(["apt-get", "download", WARZONE["package"]], cwd=debs, capture_output=True, text=True)
            archive = next(debs.glob(f"{WARZONE['package']}_*.deb"), None)
            if archive is None:
                raise SystemExit(f"eval: apt-get download {WARZONE['package']} failed: {done.stderr.strip()}")
        unpacked = folder / "unpacked"
        subprocess.run(["dpkg-deb", "-x", str(archive), str(unpacked)], check=True)
        prefixes = [p for paths in WARZONE["sets"].values() for p in paths]
        with zipfile.ZipFile(unpacked / WARZONE["archive"]) as wz:
            for info in wz.infolist():
                if info.filename.endswith(".ogg") and info.filename.startswith(tuple(prefixes)):
                    wz.extract(info, lines)
        shutil.rmtree(unpacked)
        marker.write_text("")
    return {name: sorted(str(p) for prefix in prefixes for p in (lines / prefix).glob("*.ogg"))
            for name, prefixes in WARZONE["sets"].items()}

class RealSpeech:
    """Utterances of recorded people from two Debian packages (scripts/bootstrap --fixtures installs
    them): alsa-utils' channel-test announcements (one woman, 48 kHz studio recordings) and
    codec2-examples' reference speech (several men and women, 8 kHz); and, given `pypi_folder`,
    from pocketsphinx's source distribution on PyPI (POCKETSPHINX: several men and women, 16 kHz,
    some with their room's noise). Each recording is split at pauses of at least 0.3 s (where
    a talk segment ends, docs/metrics.md) and trimmed to its frames within 50 dB of the loudest and
    15 dB over the recording's noise floor; at 48 kHz, RMS 1."""

    SOURCES = {
        "alsa-utils": [f"/usr/share/sounds/alsa/{n}.wav" for n in
                       ("Front_Center", "Front_Left", "Front_Right", "Rear_Center", "Rear_Left", "Rear_Right",
                        "Side_Left", "Side_Right")],
        "codec2-examples": [f"/usr/share/codec2/wav/{n}.wav" for n in ("big_dog", "cross", "forig", "morig")]
                           + [f"/usr/share/codec2/raw/{n}.raw" for n in ("hts1", "hts2")],
    }

    def __init__(self, pypi_folder=None, log=print, sources=None):
        """`sources` (set name -> paths) instead of the two Debian packages' voices and
        pocketsphinx's (scripts/eval --new-voices)."""
        self.sets = {}
        self.given = sources is not None
        if self.given:
            for name, paths in sources.items():
                self.sets[name] = [u for p in paths for u in self.utterances(str(p))]
            return
        for package, paths in self.SOURCES.items():
            missing = [p for p in paths if not pathlib.Path(p).exists()]
            if missing:
                raise SystemExit(f"eval: {missing[0]} is missing: the real_* conditions need the Debian package "
                                 f"{package} (scripts/bootstrap --fixtures)")
            self.sets[package] = [u for p in paths for u in self.utterances(str(p))]
        if pypi_folder is not None:
            self.sets["pocketsphinx"] = [u for p in fetch_pocketsphinx(pypi_folder, log)
                                        for u in self.utterances(str(p), raw_rate=16000)]

    @staticmethod
    def utterances(path, raw_rate=8000):
        if path.endswith(".raw"):  # 16-bit little-endian mono: codec2's at 8 kHz, pocketsphinx's at 16 kHz
            data, rate = np.fromfile(path, dtype="<i2") / 32768.0, raw_rate
        else:
            data, rate = sf.read(path, dtype="float64", always_2d=True)
            data = data[:, 0]
        data = resample(data, rate, MASTER)
        step = int(FRAME * MASTER)
        level = np.array([20 * np.log10(max(rms(data[i:i + step]), 1e-9)) for i in range(0, len(data) - step + 1, step)])
        voiced = level > max(level.max() - 50, np.percentile(level, 5) + 15)
        pause = int(round(0.3 / FRAME))
        found, name = [], pathlib.Path(path).stem
        for a, b in runs(voiced):
            if found and a - found[-1][-1][1] < pause:
                found[-1].append([a, b])
            else:
                found.append([[a, b]])
        out = []
        for pieces in found:
            a, b = pieces[0][0], pieces[-1][1]
            if b - a < 15:  # under 150 ms: a click of the recording, not a word
                continue
            # A pause inside the phrase longer than 0.2 s is cut to 0.2 s: alsa-utils' recordings
            # were noise-gated, and a gated pause of 0.28-0.32 s would sit on the 0.3 s that ends
            # a talk segment, the truth and a detector falling either side by a frame.
            keep = 0.2 / FRAME
            parts = [data[p * step:q * step] for p, q in pieces]
            gaps = [data[q * step:min(p2 * step, (q + int(keep)) * step)] for (_, q), (p2, _) in zip(pieces, pieces[1:])]
            clip = np.concatenate([x for pair in zip(parts, gaps + [np.zeros(0)]) for x in pair])
            out.append((clip / (rms(clip) or 1.0), f"{name} {a * FRAME:.2f}-{b * FRAME:.2f} s"))
        return out


class Talker:
    """One party's voice: `say` gives a sentence, a list of (audio at 48 kHz, text[, pause before it
    in seconds]); `backchannel` gives one (audio, text), or None."""

    def __init__(self, say, backchannel):
        self.say, self.backchannel = say, backchannel


def espeak_talkers(pool, rng, lang):
    """An espeak-ng voice and speed per role, in one language."""
    voice = {r: rng.choice(VOICES[r]) for r in ROLES}
    speed = {r: rng.randint(150, 185) for r in ROLES}

    def talker(role):
        def say(r):
            text = r.choice(PHRASES[lang])
            return [(pool.get(lang, text, voice[role], speed[role]), text)]

        def backchannel(r):
            word = r.choice(BACKCHANNELS[lang])
            return pool.get(lang, word, voice[role], speed[role] + 20), word
        return Talker(say, backchannel)
    return {r: talker(r) for r in ROLES}


def real_talker(utterances):
    """A recorded voice: a sentence is one to three of its phrases (1.2-2.4 s each), each its own
    utterance, 0.35-0.6 s apart (clear pauses: a pause under 0.3 s would not end a talk segment);
    its backchannels are its phrases under 0.95 s, if any."""
    short = [u for u in utterances if len(u[0]) / MASTER < 0.95]

    def say(r):
        return [(*r.choice(utterances), r.uniform(0.35, 0.6)) for _ in range(r.randint(1, 3))]
    return Talker(say, lambda r: r.choice(short) if short else None)


# ---------------------------------------------------------------- a conversation

def build_call(talkers, rng, target_seconds, levels, jitter_db=2.0):
    """Clean 48 kHz tracks per role and the utterances [start, end, kind, text] per role."""
    length = int((target_seconds + 30) * MASTER)
    tracks = {r: np.zeros(length) for r in ROLES}
    utts = {r: [] for r in ROLES}

    def place(role, start, audio, gain_db, kind, text):
        begin = int(round(start * MASTER))
        end = min(length, begin + len(audio))
        tracks[role][begin:end] += audio[:end - begin] * db(levels[role] + gain_db)
        utts[role].append([begin / MASTER, end / MASTER, kind, text])
        return end / MASTER

    def say(role, start):
        """Places a sentence (its phrases, each an utterance after the pause it asks for) from
        `start`; returns its end."""
        sentence = talkers[role].say(rng)
        gain = rng.uniform(-jitter_db, jitter_db)
        end = start
        for number, (audio, text, *pause) in enumerate(sentence):
            end = place(role, end + (pause[0] if number else 0.0), audio, gain, "speech", text)
        return end

    t = rng.uniform(0.3, 1.5)
    role = "agent"
    dead_air_at = rng.uniform(0.3, 0.7) * target_seconds if rng.random() < 0.7 else None
    while t < target_seconds:
        other = "customer" if role == "agent" else "agent"
        start = t
        end = say(role, t)
        if rng.random() < 0.4:  # a second sentence in the same turn, after a clear pause
            end = say(role, end + rng.uniform(0.3, 0.7))
        last = utts[role][-1]
        roll = rng.random()
        if roll < 0.22 and last[1] - last[0] > 1.3:
            # The other party starts while this one talks and both go on >= 0.8 s: an interruption.
            next_t = end - rng.uniform(0.8, min(1.6, last[1] - last[0] - 0.3))
        elif roll < 0.30:
            next_t = end - rng.uniform(0.1, 0.35)  # an early reply: a short overlap, not an interruption
        elif dead_air_at is not None and end >= dead_air_at:
            next_t = end + rng.uniform(5.0, 8.0)  # dead air
            dead_air_at = None
        elif roll < 0.5:
            next_t = end + rng.uniform(1.2, 3.0)
        else:
            next_t = end + rng.uniform(0.2, 1.2)
        if end - start > 2.5 and rng.random() < 0.4:  # a backchannel (< 1 s) inside this turn
            audio, word = talkers[other].backchannel(rng) or (None, None)
            at = start + (end - start) * rng.uniform(0.3, 0.6)
            previous = utts[other][-1][1] if utts[other] else 0.0
            if audio is not None and len(audio) / MASTER < 0.95 and at > previous + 0.3 and at + len(audio) / MASTER < min(next_t, end) - 0.3:
                place(other, at, audio, rng.uniform(-4, -1), "backchannel", word)
        t = next_t
        role = other
    duration = max(u[1] for r in ROLES for u in utts[r]) + rng.uniform(0.8, 2.0)
    n = int(duration * MASTER)
    return {r: tracks[r][:n] for r in ROLES}, utts, n / MASTER


def pick_gap(rng, utts, lo, hi):
    """The middle of a pause between utterances (nobody speaks) of at least 0.5 s, chosen among those
    whose middle lies between lo and hi (shares of the call), else among all pauses of >= 0.3 s."""
    spans = sorted((u[0], u[1]) for r in utts for u in utts[r])
    gaps, reach = [], spans[0][1]
    for s, e in spans[1:]:
        if s > reach:
            gaps.append((reach, s))
        reach = max(reach, e)
    middle = lambda g: (g[0] + g[1]) / 2  # noqa: E731
    inside = [g for g in gaps if g[1] - g[0] >= 0.5 and lo * reach <= middle(g) <= hi * reach]
    chosen = inside or [g for g in gaps if g[1] - g[0] >= 0.3] or [(reach, reach + 0.5)]
    return middle(rng.choice(chosen))


def insert_block(tracks, utts, at, blocks):
    """Inserts per-role blocks (same length) at time `at`, shifting later audio and utterances."""
    cut = int(round(at * MASTER))
    size = len(next(iter(blocks.values())))
    for r in tracks:
        tracks[r] = np.concatenate([tracks[r][:cut], blocks.get(r, np.zeros(size)), tracks[r][cut:]])
    shift = size / MASTER
    for r in utts:
        for u in utts[r]:
            if u[0] >= at:
                u[0] += shift
                u[1] += shift
    return shift


# ---------------------------------------------------------------- noises, tones and music

def coloured_noise(rng, n, kind):
    white = np.random.default_rng(rng.randint(0, 2**31)).standard_normal(n)
    if kind == "white":
        return white
    spectrum = np.fft.rfft(white)
    f = np.fft.rfftfreq(n, 1 / MASTER)
    f[0] = f[1]
    spectrum /= np.sqrt(f) if kind == "pink" else f
    noise = np.fft.irfft(spectrum, n)
    return noise / rms(noise)


def babble(pool, rng, n, voices=6):
    """Six espeak-ng voices (random languages) talking continuously, summed; RMS 1."""
    out = np.zeros(n)
    for _ in range(voices):
        lang = rng.choice(list(PHRASES))
        voice = rng.choice(VOICES["agent"] + VOICES["customer"])
        track = np.zeros(n)
        t = int(rng.uniform(0, 1.5) * MASTER)
        while t < n:
            audio = pool.get(lang, rng.choice(PHRASES[lang]), voice, rng.randint(150, 185))
            end = min(n, t + len(audio))
            track[t:end] += audio[:end - t]
            t = end + int(rng.uniform(0.1, 0.6) * MASTER)
        out += track * db(rng.uniform(-3, 3))
    return out / (rms(out) or 1)


def tone(freqs, seconds, level_db=-20):
    t = np.arange(int(seconds * MASTER)) / MASTER
    return sum(np.sin(2 * np.pi * f * t) for f in freqs) / len(freqs) * db(level_db) * np.sqrt(2)


def ringback(seconds, kind):
    """European ring-back (425 Hz, 1 s on 4 s off) or North American (440+480 Hz, 2 s on 4 s off)."""
    out = np.zeros(int(seconds * MASTER))
    freqs, on, cycle = ([425], 1.0, 5.0) if kind == "eu" else ([440, 480], 2.0, 6.0)
    burst = tone(freqs, on, -22)
    for start in range(0, len(out), int(cycle * MASTER)):
        end = min(len(out), start + len(burst))
        out[start:end] = burst[:end - start]
    return out


def dtmf(rng, count):
    rows, cols = [697, 770, 852, 941], [1209, 1336, 1477]
    parts = []
    for _ in range(count):
        parts += [tone([rng.choice(rows), rng.choice(cols)], rng.uniform(0.08, 0.15), -18),
                  np.zeros(int(rng.uniform(0.08, 0.15) * MASTER))]
    return np.concatenate(parts)


def music(rng, seconds, level_db=-24):
    """Synthetic hold music: a sustained chord that changes every 2 s under a plucked melody."""
    n = int(seconds * MASTER)
    t = np.arange(n) / MASTER
    out = np.zeros(n)
    roots = [261.6, 293.7, 329.6, 349.2, 392.0, 440.0]
    step = int(2.0 * MASTER)
    for start in range(0, n, step):
        root = rng.choice(roots)
        k = t[start:start + step] - t[start]
        chord = sum(np.sin(2 * np.pi * root * ratio * k) for ratio in (0.5, 1, 1.25, 1.5)) / 4
        out[start:start + step] += chord * 0.5 * np.minimum(1, k / 0.05)
    scale = [523.3, 587.3, 659.3, 698.5, 784.0, 880.0, 987.8]
    i = 0
    while i < n:
        note = int(rng.uniform(0.2, 0.5) * MASTER)
        f = rng.choice(scale)
        k = np.arange(min(note, n - i)) / MASTER
        out[i:i + len(k)] += sum(np.sin(2 * np.pi * f * h * k) * 0.5 ** h for h in (1, 2, 3)) * np.exp(-k * rng.uniform(3, 7))
        i += note
    return out / (rms(out) or 1) * db(level_db)


def desk_sounds(rng, n, utts, speech_db, info):
    """What an agent's headset picks up between and under its words: keyboard typing (bursts of
    1-4 s at 5-10 keys a second, each key a 4-8 ms click and a 15-30 ms thump, 10-20 dB under
    the speech level at their peak), mouse clicks, and a breath (0.3-0.6 s of band-limited noise
    28-34 dB under the speech level, 0.1-0.25 s before the sentence, 0.15 s or more after the
    one before) before some of its sentences. Records what it placed in
    `info["desk"]`."""
    out = np.zeros(n)
    noise = np.random.default_rng(rng.randint(0, 2**31))
    level = db(speech_db)
    bursts = clicks = breaths = 0

    def key(at, peak_db, thump_hz):
        click_n, thump_n = int(rng.uniform(0.004, 0.008) * MASTER), int(rng.uniform(0.015, 0.03) * MASTER)
        t = np.arange(thump_n) / MASTER
        click = noise.standard_normal(click_n) * np.exp(-np.arange(click_n) / (0.0015 * MASTER))
        thump = np.sin(2 * np.pi * thump_hz * t) * np.exp(-t / 0.006)
        sound = np.zeros(max(click_n, thump_n))
        sound[:click_n] += click
        sound[:thump_n] += 0.5 * thump
        sound *= level * db(peak_db) / max(np.abs(sound).max(), 1e-12) * 2.0
        end = min(n, at + len(sound))
        out[at:end] += sound[:end - at]

    t = rng.uniform(0.5, 3.0)
    while t < n / MASTER - 5:
        length = rng.uniform(1.0, 4.0)
        k = t
        while k < t + length:
            key(int(k * MASTER), -rng.uniform(10, 20), rng.uniform(250, 900))
            k += rng.uniform(0.1, 0.2)
        bursts += 1
        # A mouse click or two after some bursts.
        for _ in range(rng.randint(0, 2)):
            key(int((k + rng.uniform(0.3, 1.0)) * MASTER), -rng.uniform(12, 18), rng.uniform(1500, 3000))
            clicks += 1
        t = k + rng.uniform(3.0, 9.0)
    previous_end = 0.0
    for start, end, *_ in sorted(utts):
        room, previous_end = start - previous_end, end
        if rng.random() < 0.5 or start < 0.8:
            continue
        length = int(rng.uniform(0.3, 0.6) * MASTER)
        at = int((start - rng.uniform(0.1, 0.25)) * MASTER) - length
        # An inhale needs the voice to have stopped: at least 0.15 s after the last sentence.
        if at < 0 or start - at / MASTER > room - 0.15:
            continue
        spectrum = np.fft.rfft(noise.standard_normal(length))
        f = np.fft.rfftfreq(length, 1 / MASTER)
        spectrum[(f < 400) | (f > 3000)] = 0
        breath = np.fft.irfft(spectrum, length)
        breath *= np.sin(np.linspace(0, np.pi, length)) ** 2
        breath *= level * db(-rng.uniform(28, 34)) / max(rms(breath), 1e-12)
        out[at:at + length] += breath
        breaths += 1
    info["desk"] = {"typing_bursts": bursts, "mouse_clicks": clicks, "breaths": breaths}
    return out


def hum(n):
    """Mains hum: 50 Hz with its 3rd and 5th harmonics; RMS 1."""
    t = np.arange(n) / MASTER
    wave = np.sin(2 * np.pi * 50 * t) + 0.5 * np.sin(2 * np.pi * 150 * t) + 0.25 * np.sin(2 * np.pi * 250 * t)
    return wave / rms(wave)


# ---------------------------------------------------------------- levels and writing

def limit(x, ceiling=0.989):
    """A look-ahead peak limiter (5 ms attack and release): no sample exceeds the ceiling."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d
    need_gain = np.minimum(1.0, ceiling / np.maximum(np.abs(x), 1e-12))
    w = int(0.005 * MASTER)
    gain = uniform_filter1d(minimum_filter1d(need_gain, 2 * w + 1), w + 1)
    return x * np.minimum(gain, need_gain)


def speech_level(track, utts):
    """RMS (dBFS) of a clean track over its utterances."""
    mask = np.zeros(len(track), dtype=bool)
    for s, e, *_ in utts:
        mask[int(s * MASTER):int(e * MASTER)] = True
    return 20 * np.log10(max(rms(track[mask]), 1e-12)) if mask.any() else None


def set_level(track, utts, target_db):
    """Scales (and peak-limits) a clean track so that its speech RMS is target_db."""
    out, gain = track, 1.0
    for _ in range(6):
        out = limit(track * gain)
        gain *= db(target_db - speech_level(out, utts))
    return out


def write_audio(folder, stem, channels, rate, encoding):
    """Writes the channels at `rate` in `encoding`; a channel whose peak would clip is scaled to
    -0.1 dBFS on its own. Returns the path and the gain (dB) applied per channel."""
    data = np.stack([resample(c, MASTER, rate) for c in channels], axis=1)
    gains = []
    for i in range(data.shape[1]):
        peak = np.abs(data[:, i]).max()
        gain = min(1.0, 0.989 / peak) if peak > 0 else 1.0
        data[:, i] *= gain
        gains.append(20 * np.log10(gain))
    raw = folder / f"{stem}.raw.wav"
    sf.write(str(raw), data, rate, subtype="FLOAT")
    if encoding == "mp3":
        target = folder / f"{stem}.mp3"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(raw), "-c:a", "libmp3lame", "-b:a", "64k", str(target)],
                       check=True)
    else:
        target = folder / f"{stem}.wav"
        args = {"ulaw": ["-e", "u-law"], "alaw": ["-e", "a-law"], "gsm": ["-e", "gsm-full-rate"],
                "pcm": ["-b", "16", "-e", "signed-integer"]}[encoding]
        subprocess.run(["sox", "-V1", "-R", "-D", str(raw), *args, str(target)], check=True)  # repeatable, no dither
    raw.unlink()
    return target, gains


# ---------------------------------------------------------------- the corpus

def plan(calls, conditions=None):
    """Conditions in turn, so that N calls spread evenly (48 calls: 3 per condition)."""
    conditions = conditions or CONDITIONS
    chosen = [conditions[i % len(conditions)] for i in range(calls)]
    return sorted(chosen, key=conditions.index)


def fingerprint(calls, seed, conditions, voices=None):
    source = b"".join(p.read_bytes() for p in sorted(pathlib.Path(__file__).parent.glob("*.py")))
    names = "" if conditions is CONDITIONS else "/" + ",".join(c[0] for c in conditions)
    if voices is not None:
        names += "/" + ",".join(f"{k}:{len(v)}" for k, v in sorted(voices.items()))
    return hashlib.sha1(source + f"{calls}/{seed}{names}".encode()).hexdigest()[:12]


def make_corpus(folder, calls, seed, log=print, conditions=None, voices=None):
    """Builds the corpus in folder (calls/, truth/, index.json) unless the same one is there;
    `conditions` (default `CONDITIONS`) in turn; `voices` (two or more sets: name -> recordings)
    for the recorded conditions instead of RealSpeech's."""
    conditions = conditions or CONDITIONS
    folder = pathlib.Path(folder)
    stamp = fingerprint(calls, seed, conditions, voices)
    marker = folder / "index.json"
    if marker.exists():
        index = json.loads(marker.read_text())
        if isinstance(index, dict) and index.get("fingerprint") == stamp:
            return index
    if folder.exists():
        shutil.rmtree(folder)
    for sub in ("calls", "truth"):
        (folder / sub).mkdir(parents=True)
    pool = Pool(folder.parent / (folder.name + "-pool"))  # espeak-ng renders, kept across rebuilds
    chosen = plan(calls, conditions)
    real = None
    if any(c[0].startswith("real_") for c in chosen):
        pypi = voices is None and any(c[0] in PYPI_VOICE_CONDITIONS for c in chosen)
        real = RealSpeech(folder.parent / "recordings" if pypi else None, log, sources=voices)
    rng = random.Random(seed)
    langs = list(PHRASES)
    entries = []
    for number, (name, rate, layout, encoding, extra) in enumerate(chosen):
        entries.append(make_call(folder, pool, real, rng, number, langs[number % len(langs)], name, rate, layout,
                                 encoding, extra))
        log(f"corpus: {number + 1}/{calls} {entries[-1]['file']} {entries[-1]['duration_s']:.1f} s")
    for number, (name, rate, encoding) in enumerate(NO_SPEECH):
        entries.append(make_no_speech(folder, rng, number, name, rate, encoding))
    index = {"fingerprint": stamp, "seed": seed, "calls": calls, "entries": entries}
    marker.write_text(json.dumps(index, indent=1, ensure_ascii=False))
    return index


def make_call(folder, pool, real, rng, number, lang, name, rate, layout, encoding, extra):
    recorded = name.startswith("real_")
    if recorded:
        # One package's voices per party, the other's for the other party, at random.
        debian = sorted(RealSpeech.SOURCES)
        if real.given:  # scripts/eval --new-voices: one given set per party
            first, second = rng.sample(sorted(real.sets), 2)
        elif name in PYPI_VOICE_CONDITIONS:
            first, second = (("pocketsphinx", rng.choice(debian)) if rng.random() < 0.5
                             else (rng.choice(debian), "pocketsphinx"))
        else:
            first, second = rng.sample(debian, 2)
        talkers = {"agent": real_talker(real.sets[first]), "customer": real_talker(real.sets[second])}
        lang = f"recorded: agent {first}, customer {second}"
    levels = {"agent": rng.uniform(-23, -18), "customer": rng.uniform(-28, -20)}
    jitter = 2.0
    if extra == "levels":
        levels, jitter = {"agent": -12.0, "customer": -40.0}, 1.0
    for _attempt in range(20):
        target = rng.uniform(14, 30) if extra == "hold" else rng.uniform(26, 54)
        if not recorded:
            talkers = espeak_talkers(pool, rng, lang)
        tracks, utts, duration = build_call(talkers, rng, target, levels, jitter)
        hold = []
        if extra == "hold":
            duration = add_hold(rng, tracks, utts, hold)
        if 30.0 <= duration <= 60.0:
            break
    n = len(tracks["agent"])
    if extra == "levels":  # -12 dBFS takes a limiter: espeak-ng speech peaks ~20 dB over its RMS
        tracks = {r: set_level(tracks[r], utts[r], levels[r]) for r in ROLES}
    clean = {r: tracks[r].copy() for r in ROLES}
    measured = {r: speech_level(tracks[r], utts[r]) for r in ROLES}
    info = {}
    if extra == "echo":
        info["echo"] = {}
        for role, other in (("agent", "customer"), ("customer", "agent")):
            delay, loss = rng.uniform(0.02, 0.15), rng.uniform(15, 35)
            shift = int(delay * MASTER)
            tracks[role] = tracks[role] + np.concatenate([np.zeros(shift), clean[other][:n - shift]]) * db(-loss)
            info["echo"][f"{other}_into_{role}"] = {"delay_ms": round(delay * 1000), "loss_db": round(loss, 1)}
    if isinstance(extra, tuple):
        kind, snr = extra
        if kind == "pink/brown":
            kind = rng.choice(["pink", "brown"])
        info["noise"] = {"kind": kind, "snr_db": snr}
        for role in ROLES:
            level = db(levels[role])
            if kind == "babble":
                noise = babble(pool, rng, n) * level * db(-snr)
            elif kind == "hiss_hum":
                # Line hiss 25 dB and mains hum 15 dB under the speech level.
                noise = coloured_noise(rng, n, "white") * level * db(-snr - 5) + hum(n) * level * db(-snr + 5)
                info["noise"] = {"kind": "hiss_hum", "hiss_snr_db": snr + 5, "hum_snr_db": snr - 5}
            else:
                noise = coloured_noise(rng, n, kind) * level * db(-snr)
            tracks[role] = tracks[role] + noise
    if extra == "desk":
        tracks["agent"] = tracks["agent"] + desk_sounds(rng, n, utts["agent"], levels["agent"], info)
    for role in ROLES:
        tracks[role] = tracks[role] + coloured_noise(rng, n, "white") * db(LINE_FLOOR_DB)
    spans = {r: [[u[0], u[1]] for u in utts[r]] for r in ROLES}
    stem = f"{number:03d}_{name}"
    if layout == "mono":
        path, gains = write_audio(folder / "calls", stem, [tracks["agent"] + tracks["customer"]], rate, encoding)
        gains = gains * 2
        truth_roles = {"mixed": spans_of(frames(spans["agent"] + spans["customer"], duration))}
        count = None
    else:
        path, gains = write_audio(folder / "calls", stem, [tracks["agent"], tracks["customer"]], rate, encoding)
        masks = {r: frames(spans[r], duration) for r in ROLES}
        truth_roles = {r: spans_of(masks[r]) for r in ROLES}
        count = interruptions(masks["agent"], masks["customer"])
    entry = {
        "file": path.name, "condition": name, "rate": rate, "layout": layout, "encoding": encoding,
        "language": lang, "duration_s": round(duration, 3),
        "speech_rms_dbfs": {r: None if measured[r] is None else round(measured[r] + g, 1) for r, g in zip(ROLES, gains)},
        "roles": truth_roles, "interruptions": count, "hold": hold, **info,
        "utterances": {r: [[round(u[0], 3), round(u[1], 3), u[2], u[3]] for u in utts[r]] for r in ROLES},
    }
    (folder / "truth" / f"{stem}.json").write_text(json.dumps(entry, indent=1, ensure_ascii=False))
    return entry


def add_hold(rng, tracks, utts, hold):
    """Ring-back and IVR digits before the call, DTMF keyed in a pause of the first half and hold
    music (5-10 s) in a pause of the second half, each inserted where nobody speaks; returns the
    new duration. The spans go to `hold` (none of it is speech)."""
    # The customer keys digits.
    keys = dtmf(rng, rng.randint(3, 6))
    pad = int(0.3 * MASTER)
    block = np.concatenate([np.zeros(pad), keys, np.zeros(pad)])
    at = pick_gap(rng, utts, 0.15, 0.5)
    insert_block(tracks, utts, at, {"customer": block, "agent": np.zeros(len(block))})
    hold.append({"kind": "dtmf", "role": "customer", "span": [at + pad / MASTER, at + (pad + len(keys)) / MASTER]})
    # The agent puts the customer on hold: music on the agent's channel.
    held = music(rng, rng.uniform(5, 10), rng.uniform(-26, -20))
    pad = int(0.5 * MASTER)
    block = np.concatenate([np.zeros(pad), held, np.zeros(pad)])
    at = pick_gap(rng, utts, 0.5, 0.9)
    for h in hold:
        if h["span"][0] >= at:
            h["span"] = [s + len(block) / MASTER for s in h["span"]]
    insert_block(tracks, utts, at, {"agent": block, "customer": np.zeros(len(block))})
    hold.append({"kind": "music", "role": "agent", "span": [at + pad / MASTER, at + (pad + len(held)) / MASTER]})
    # Before the call: ring-back on the agent's leg, then the customer's IVR digits.
    kind = rng.choice(["eu", "us"])
    ring = ringback(rng.uniform(6, 9), kind)
    keys = dtmf(rng, rng.randint(2, 4))
    gap = np.zeros(int(rng.uniform(0.4, 0.8) * MASTER))
    agent = np.concatenate([ring, np.zeros(len(keys)), gap])
    customer = np.concatenate([np.zeros(len(ring)), keys, gap])
    insert_block(tracks, utts, 0.0, {"agent": agent, "customer": customer})
    pre = len(agent) / MASTER
    for h in hold:
        h["span"] = [round(s + pre, 3) for s in h["span"]]
    hold.insert(0, {"kind": f"ringback_{kind}", "role": "agent", "span": [0.0, round(len(ring) / MASTER, 3)]})
    hold.insert(1, {"kind": "dtmf", "role": "customer",
                    "span": [round(len(ring) / MASTER, 3), round((len(ring) + len(keys)) / MASTER, 3)]})
    return len(tracks["agent"]) / MASTER


def make_no_speech(folder, rng, number, name, rate, encoding):
    n = int(NO_SPEECH_SECONDS * MASTER)
    if name == "tones_only":
        a = np.concatenate([ringback(12, "eu"), ringback(12, "us"), tone([1000], 5, -20), dtmf(rng, 10), np.zeros(n)])[:n]
        b = np.concatenate([np.zeros(int(13 * MASTER)), dtmf(rng, 12), np.zeros(int(6 * MASTER)), tone([2100], 3, -24),
                            np.zeros(n)])[:n]
    elif name == "music_only":
        a, b = music(rng, NO_SPEECH_SECONDS, -20), music(rng, NO_SPEECH_SECONDS, -30)
    else:
        a, b = coloured_noise(rng, n, "pink") * db(-35), coloured_noise(rng, n, "brown") * db(-40)
    a = a + coloured_noise(rng, n, "white") * db(LINE_FLOOR_DB)
    b = b + coloured_noise(rng, n, "white") * db(LINE_FLOOR_DB)
    stem = f"9{number:02d}_{name}"
    path, _ = write_audio(folder / "calls", stem, [a, b], rate, encoding)
    entry = {"file": path.name, "condition": name, "rate": rate, "layout": "stereo", "encoding": encoding,
             "duration_s": NO_SPEECH_SECONDS, "roles": {"agent": [], "customer": []}, "interruptions": 0,
             "hold": [], "no_speech": True}
    (folder / "truth" / f"{stem}.json").write_text(json.dumps(entry, indent=1))
    return entry
