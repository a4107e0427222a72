"""The detectors scripts/eval compares: callqa (its report) and the open baselines, each reduced to
boolean 10 ms frames per role (agent, customer; "mixed" for a mono file)."""
import importlib.util
import json
import pathlib
import subprocess
import sys

from .common import FRAME, frames, need, np, resample, sf

BASELINES = ["webrtcvad 0", "webrtcvad 1", "webrtcvad 2", "webrtcvad 3", "silero", "silero+ts", "call-ai-metrics"]


def role_names(count):
    return ["agent", "customer"] if count == 2 else ["mixed"]


# ---------------------------------------------------------------- callqa

def run_callqa(binary, inputs, out, jobs=2):
    """Scores the files with callqa; returns file name -> (role -> frames, own interruption count or
    None, error or None)."""
    cmd = [str(binary), "score", *[str(i) for i in inputs], "--format", "jsonl", "--out", str(out),
           "--quiet", "--jobs", str(jobs)]
    done = subprocess.run(cmd)
    if done.returncode not in (0, 1):
        sys.exit(f"eval: callqa exited with {done.returncode}: {' '.join(cmd)}")
    results = {}
    for line in pathlib.Path(out).read_text().splitlines():
        call = json.loads(line)
        name = pathlib.Path(call["source"]).name
        if call.get("status") != "ok":
            results[name] = (None, None, str(call.get("error")))
            continue
        duration = call["audio"]["duration_s"]
        roles = {c["role"]: frames(c.get("speech") or [], duration) for c in call["channels"]}
        listed = (call.get("conversation") or {}).get("interruptions")
        results[name] = (roles, len(listed) if listed is not None else None, None)
    return results


# ---------------------------------------------------------------- webrtcvad

def webrtc_frames(vad_module, channel, rate, mode):
    """Raw 10 ms decisions; rates webrtcvad does not take (44.1 kHz) are resampled to 16 kHz."""
    target = rate if rate in (8000, 16000, 32000, 48000) else 16000
    x = resample(channel, rate, target)
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2")
    step = int(target * FRAME)
    vad = vad_module.Vad(mode)
    buf = pcm.tobytes()
    size = 2 * step
    return np.array([vad.is_speech(buf[i * size:(i + 1) * size], target) for i in range(len(pcm) // step)], dtype=bool)


# ---------------------------------------------------------------- Silero VAD (ONNX through onnxruntime)

def silero_model_path():
    """The ONNX model shipped in the silero-vad wheel, found without importing the package (its
    __init__ imports torch, which this harness does not use); installed with --no-deps."""
    spec = importlib.util.find_spec("silero_vad")
    if spec is None:
        print("eval: installing silero-vad (without its torch dependency: only its ONNX model is used)", file=sys.stderr)
        cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "silero-vad"]
        if subprocess.run(cmd, capture_output=True).returncode != 0:  # e.g. PEP 668: retry as below
            subprocess.run(cmd + ["--break-system-packages"], check=True)
        importlib.invalidate_caches()
        spec = importlib.util.find_spec("silero_vad")
    folder = pathlib.Path(list(spec.submodule_search_locations)[0])
    return folder / "data" / "silero_vad.onnx"


class Silero:
    RATE = 16000
    WINDOW = 512
    CONTEXT = 64

    def __init__(self):
        ort = need("onnxruntime", "onnxruntime")
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(silero_model_path()), sess_options=options,
                                            providers=["CPUExecutionProvider"])

    def probabilities(self, channel, rate):
        """One speech probability per 512-sample (32 ms) window at 16 kHz, the model's state and
        64-sample context carried from window to window (as silero-vad's OnnxWrapper does)."""
        x = resample(channel, rate, self.RATE).astype(np.float32)
        pad = (-len(x)) % self.WINDOW
        x = np.concatenate([x, np.zeros(pad, dtype=np.float32)])
        state = np.zeros((2, 1, 128), dtype=np.float32)
        context = np.zeros((1, self.CONTEXT), dtype=np.float32)
        sr = np.array(self.RATE, dtype=np.int64)
        out = []
        for start in range(0, len(x), self.WINDOW):
            chunk = np.concatenate([context, x[None, start:start + self.WINDOW]], axis=1)
            prob, state = self.session.run(None, {"input": chunk, "state": state, "sr": sr})
            context = chunk[:, -self.CONTEXT:]
            out.append(float(prob[0][0]))
        return np.array(out), len(x) - pad

    def raw_frames(self, probs, samples, threshold=0.5):
        """Each 10 ms frame takes the decision (p >= threshold) of the window holding its centre."""
        n = int(round(samples / self.RATE / FRAME))
        centre = (np.arange(n) + 0.5) * FRAME * self.RATE
        window = np.minimum((centre // self.WINDOW).astype(int), len(probs) - 1)
        return probs[window] >= threshold

    def timestamp_frames(self, probs, samples):
        spans = speech_timestamps(probs, samples)
        return frames([(s / self.RATE, e / self.RATE) for s, e in spans], samples / self.RATE)


def speech_timestamps(probs, audio_length_samples, sampling_rate=16000, threshold=0.5, min_speech_duration_ms=250,
                      min_silence_duration_ms=100, speech_pad_ms=30):
    """silero-vad's get_speech_timestamps_from_probs (v6) with its defaults and no maximum speech
    length (the default, inf), ported without torch: hysteresis at threshold / threshold - 0.15,
    chunks under 250 ms dropped, silences under 100 ms bridged, 30 ms padding."""
    window = 512 if sampling_rate == 16000 else 256
    min_speech = sampling_rate * min_speech_duration_ms / 1000
    pad = sampling_rate * speech_pad_ms / 1000
    min_silence = sampling_rate * min_silence_duration_ms / 1000
    neg_threshold = max(threshold - 0.15, 0.01)
    triggered, speeches, current, temp_end = False, [], {}, 0
    for i, p in enumerate(probs):
        cur = window * i
        if p >= threshold and temp_end:
            temp_end = 0
        if p >= threshold and not triggered:
            triggered = True
            current["start"] = cur
            continue
        if p < neg_threshold and triggered:
            if not temp_end:
                temp_end = cur
            if cur - temp_end < min_silence:
                continue
            current["end"] = temp_end
            if current["end"] - current["start"] > min_speech:
                speeches.append(current)
            current, temp_end, triggered = {}, 0, False
    if current and audio_length_samples - current["start"] > min_speech:
        current["end"] = audio_length_samples
        speeches.append(current)
    for i, speech in enumerate(speeches):
        if i == 0:
            speech["start"] = int(max(0, speech["start"] - pad))
        if i != len(speeches) - 1:
            gap = speeches[i + 1]["start"] - speech["end"]
            if gap < 2 * pad:
                speech["end"] += int(gap // 2)
                speeches[i + 1]["start"] = int(max(0, speeches[i + 1]["start"] - gap // 2))
            else:
                speech["end"] = int(min(audio_length_samples, speech["end"] + pad))
                speeches[i + 1]["start"] = int(max(0, speeches[i + 1]["start"] - pad))
        else:
            speech["end"] = int(min(audio_length_samples, speech["end"] + pad))
    return [(s["start"], s["end"]) for s in speeches]


# ---------------------------------------------------------------- call-ai-metrics

def call_ai_metrics(module, channels, rate):
    """Its own energy detector and interruption count, on the channels as arrays. Returns
    (role -> frames, interruption count); raises when it cannot handle the input (mono)."""
    names = role_names(len(channels))
    source = (channels[0], channels[1]) if len(channels) == 2 else channels[0]
    report = module.analyze(source, sample_rate=rate, speakers=names)
    duration = len(channels[0]) / rate
    roles = {role: frames([(s.start_s, s.end_s) for s in report.segments if s.speaker == role], duration)
             for role in names}
    return roles, report.interruption_count


def call_ai_metrics_file(path):
    """call-ai-metrics on one file, for a worker pool: (file name, role -> frames, own count,
    error). A mono file, or one it cannot handle, gives no frames and the reason (n/a, never
    hidden)."""
    module = need("call_ai_metrics", "call-ai-metrics")
    data, rate = sf.read(str(path), dtype="float64", always_2d=True)
    if data.shape[1] < 2:
        return path.name, None, None, "mono (call-ai-metrics takes two channels)"
    try:
        roles, count = call_ai_metrics(module, [data[:, i] for i in range(data.shape[1])], rate)
        return path.name, roles, count, None
    except Exception as error:
        return path.name, None, None, f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"


# ---------------------------------------------------------------- all baselines on one file

_STATE = {}


def prepare():
    """Installs the baselines' packages in the parent process, before any worker starts (the ONNX
    session itself is made in each worker: onnxruntime sessions do not survive a fork)."""
    need("webrtcvad", "webrtcvad-wheels")
    need("onnxruntime", "onnxruntime")
    need("call_ai_metrics", "call-ai-metrics")
    return silero_model_path()


def _modules():
    if not _STATE:
        _STATE["webrtcvad"] = need("webrtcvad", "webrtcvad-wheels")
        _STATE["silero"] = Silero()
        _STATE["cam"] = need("call_ai_metrics", "call-ai-metrics")
    return _STATE


def run_baselines(path):
    """Every baseline on one file: detector -> (role -> packed frames, own count, error)."""
    m = _modules()
    data, rate = sf.read(str(path), dtype="float64", always_2d=True)
    channels = [data[:, i] for i in range(data.shape[1])]
    names = role_names(len(channels))
    out = {}
    for mode in range(4):
        out[f"webrtcvad {mode}"] = ({r: webrtc_frames(m["webrtcvad"], c, rate, mode) for r, c in zip(names, channels)},
                                    None, None)
    raw, ts = {}, {}
    for r, c in zip(names, channels):
        probs, samples = m["silero"].probabilities(c, rate)
        raw[r] = m["silero"].raw_frames(probs, samples)
        ts[r] = m["silero"].timestamp_frames(probs, samples)
    out["silero"] = (raw, None, None)
    out["silero+ts"] = (ts, None, None)
    try:
        roles, count = call_ai_metrics(m["cam"], channels, rate)
        out["call-ai-metrics"] = (roles, count, None)
    except Exception as error:  # recorded as n/a with its reason, never hidden
        out["call-ai-metrics"] = (None, None, f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
    packed = {}
    for name, (roles, count, error) in out.items():
        packed[name] = ({r: (np.packbits(v), len(v)) for r, v in roles.items()} if roles is not None else None,
                        count, error)
    return pathlib.Path(path).name, packed


def unpack(roles):
    if roles is None:
        return None
    return {r: np.unpackbits(bits)[:n].astype(bool) for r, (bits, n) in roles.items()}
