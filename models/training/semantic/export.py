"""Semantic tokenizer checkpoint -> `semantic.onnx` (audio float32 [B,N] -> tokens int64 [B,T])."""
import torch

from common.compact import load_weights
from semantic.model import SemanticConfig, SemanticEncoder, SemanticTokens


def load_semantic(path):
    """-> (SemanticTokens wrapper in eval mode, checkpoint dict)."""
    ck = torch.load(path, map_location="cpu")
    enc = SemanticEncoder(SemanticConfig(**ck["config"]))
    enc.load_state_dict(load_weights(ck))
    model = SemanticTokens(enc).eval()
    return model, ck


def frame_input(audio, hop=320):
    """One clip (numpy float32 [N]) -> tensor [1, N'] zero-padded to whole frames, the encoder's input."""
    x = torch.zeros(1, (len(audio) + hop - 1) // hop * hop)
    x[0, : len(audio)] = torch.from_numpy(audio)
    return x


def export_semantic(model, path, seconds=3.0):
    dummy = torch.randn(1, int(16000 * seconds) // 320 * 320) * 0.1
    torch.onnx.export(model, (dummy,), path, input_names=["audio"], output_names=["tokens"],
                      dynamic_axes={"audio": {0: "B", 1: "N"}, "tokens": {0: "B", 1: "T"}}, opset_version=17)
