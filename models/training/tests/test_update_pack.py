"""update_pack: one role from a fresh export, the other files and entries kept byte for byte."""
import json
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from update_pack import ROLES, update  # noqa: E402


def make_pack(folder, tag, inventory=("<pad>", "<unk>", "<sil>", " ")):
    os.makedirs(folder)
    files = {}
    for role in ROLES:
        with open(os.path.join(folder, f"{role}.onnx"), "w") as f:
            f.write(f"{tag}-{role}")
        files[role] = {"path": f"{role}.onnx", "sha256": tag * 64}
    keys = ["codec", "semantic", "t2s", "soundstorm"]
    manifest = {"phonemes": {"inventory": list(inventory)}, "semantic": {"rate": 50}, "codec": {"levels": 8, "codebookSize": 1024}, "decoding": {"temperature": 0.6},
                "files": files, "evaluation": {"codec": {"lsd": 7}},
                "training": {f: {k: f"{tag}-{k}" for k in keys} for f in ("steps", "wallSeconds", "checkpoints", "configs")}}
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f)


def test_takes_one_role_and_keeps_the_rest(tmp_path):
    make_pack(tmp_path / "pack", "a")
    make_pack(tmp_path / "new", "b")
    m = update(str(tmp_path / "pack"), str(tmp_path / "new"), ["semantic"], prompt_filter=5,
               evaluation={"generators": {"wer": 0.5}})
    assert (tmp_path / "pack" / "semantic.onnx").read_text() == "b-semantic"
    assert (tmp_path / "pack" / "t2s.onnx").read_text() == "a-t2s"
    assert m["files"]["semantic"]["sha256"] == "b" * 64 and m["files"]["t2s"]["sha256"] == "a" * 64
    assert m["training"]["steps"] == {"codec": "a-codec", "semantic": "b-semantic", "t2s": "a-t2s", "soundstorm": "a-soundstorm"}
    assert m["semantic"]["promptFilter"] == 5
    assert m["evaluation"] == {"codec": {"lsd": 7}, "generators": {"wer": 0.5}}
    assert json.load(open(tmp_path / "pack" / "manifest.json")) == m
    m = update(str(tmp_path / "pack"), None, [], prompt_filter=0, duration_scale=1.0)
    assert "promptFilter" not in m["semantic"] and "durationScale" not in m["decoding"]


def test_refuses_another_inventory(tmp_path):
    make_pack(tmp_path / "pack", "a")
    make_pack(tmp_path / "new", "b", inventory=("<pad>", "<unk>", "<sil>", "x"))
    with pytest.raises(SystemExit, match="inventory differs"):
        update(str(tmp_path / "pack"), str(tmp_path / "new"), ["semantic"])
    assert (tmp_path / "pack" / "semantic.onnx").read_text() == "a-semantic"


def test_a_new_codec_comes_with_its_codec_json_and_its_soundstorm(tmp_path):
    make_pack(tmp_path / "pack", "a")
    make_pack(tmp_path / "new", "b")
    for tag in ("a", "b"):
        with open(tmp_path / ("pack" if tag == "a" else "new") / "codec.json", "w") as f:
            json.dump({"config": {"tag": tag}, "evaluation": {"lsd_db": 7.0 if tag == "b" else 7.5}}, f)
    with open(tmp_path / "new" / "manifest.json") as f:
        fresh = json.load(f)
    fresh["codec"] = {"levels": 8, "codebookSize": 1024, "tag": "b"}
    with open(tmp_path / "new" / "manifest.json", "w") as f:
        json.dump(fresh, f)
    with pytest.raises(SystemExit, match="together"):
        update(str(tmp_path / "pack"), str(tmp_path / "new"), ["codec_encoder", "codec_decoder"])
    assert (tmp_path / "pack" / "codec_decoder.onnx").read_text() == "a-codec_decoder"
    m = update(str(tmp_path / "pack"), str(tmp_path / "new"), ["codec_encoder", "codec_decoder", "soundstorm"])
    assert json.load(open(tmp_path / "pack" / "codec.json"))["config"] == {"tag": "b"}
    assert m["evaluation"]["codec"] == {"lsd_db": 7.0} and m["codec"]["tag"] == "b"
    assert m["training"]["steps"]["codec"] == "b-codec" and m["training"]["steps"]["semantic"] == "a-semantic"
    assert (tmp_path / "pack" / "soundstorm.onnx").read_text() == "b-soundstorm"


def write_encoder(path, weight, const=1.0):
    """A small ONNX graph in the shape of an encoder: a weight initialiser and a Constant node."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper, save
    w = numpy_helper.from_array(np.asarray(weight, np.float32), name=f"w{os.path.basename(path)}")
    c = helper.make_node("Constant", [], ["c"], value=numpy_helper.from_array(np.asarray([const], np.float32)))
    mul = helper.make_node("Mul", ["audio", w.name], ["m"])
    add = helper.make_node("Add", ["m", "c"], ["codes"])
    graph = helper.make_graph([c, mul, add], "enc", [helper.make_tensor_value_info("audio", TensorProto.FLOAT, [2])],
                              [helper.make_tensor_value_info("codes", TensorProto.FLOAT, [2])], [w])
    save(helper.make_model(graph), path)


def test_a_new_decoder_alone_needs_the_packs_own_encoder(tmp_path):
    pytest.importorskip("onnx")
    make_pack(tmp_path / "pack", "a")
    make_pack(tmp_path / "new", "b")
    for tag in ("a", "b"):
        with open(tmp_path / ("pack" if tag == "a" else "new") / "codec.json", "w") as f:
            json.dump({"config": {"tag": tag}, "evaluation": {"lsd_db": 7.0 if tag == "b" else 7.5}}, f)
    write_encoder(str(tmp_path / "pack" / "codec_encoder.onnx"), [1.0, 2.0])
    for weight, const in (([1.0, 2.5], 1.0), ([1.0, 2.0], 3.0)):   # another weight; another constant
        write_encoder(str(tmp_path / "new" / "codec_encoder.onnx"), weight, const)
        with pytest.raises(SystemExit, match="not the pack's"):
            update(str(tmp_path / "pack"), str(tmp_path / "new"), ["codec_decoder"])
        assert (tmp_path / "pack" / "codec_decoder.onnx").read_text() == "a-codec_decoder"
    # the same encoder exported again (its initialiser under another name): the decoder is taken alone
    write_encoder(str(tmp_path / "new" / "codec_encoder.onnx"), [1.0, 2.0])
    m = update(str(tmp_path / "pack"), str(tmp_path / "new"), ["codec_decoder"])
    assert (tmp_path / "pack" / "codec_decoder.onnx").read_text() == "b-codec_decoder"
    assert m["files"]["codec_encoder"]["sha256"] == "a" * 64 and m["files"]["codec_decoder"]["sha256"] == "b" * 64
    assert (tmp_path / "pack" / "soundstorm.onnx").read_text() == "a-soundstorm"
    assert m["evaluation"]["codec"] == {"lsd_db": 7.0} and m["training"]["steps"]["codec"] == "b-codec"
