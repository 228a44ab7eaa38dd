"""Tests of claimstats.io.evidence: the claimant's list of evidence, fingerprinted, no secrets."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tracemalloc
from pathlib import Path

import pytest
from pydantic import ValidationError

from claimstats.errors import ConfigError, DataError, FormatError
from claimstats.io.evidence import EvidenceItem, evidence_items, read_evidence_list

DATA = Path(__file__).parent / "data" / "evidence"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _error(call, *args, **kwargs) -> DataError:
    with pytest.raises(DataError) as raised:
        call(*args, **kwargs)
    return raised.value


# --- reading a list -------------------------------------------------------------------


def test_csv_list_gives_items_with_kinds_paths_and_fingerprints():
    items = read_evidence_list(DATA / "evidence.csv")
    assert [(i.name, i.kind, i.path) for i in items] == [
        ("支付失败截图", "screenshot", "files/error-page.png"),
        ("客服聊天记录", "chat", "files/support-chat.txt"),
        ("traceroute.txt", "network", "files/traceroute.txt"),  # no name: the file's
        ("服务协议", "contract", None),
        ("投诉工单", "ticket", "https://kf.qq.com/ticket/WX-20260804-0193"),
    ]
    assert items[0].sha256 == "68c41bb798155f8ad4c0280b6540e49f18457b263986fa6edbf58dc0821f3cb1"
    assert items[0].size_bytes == 73
    chat = DATA / "files" / "support-chat.txt"
    assert (items[1].sha256, items[1].size_bytes) == (_sha256(chat), chat.stat().st_size)
    assert [(i.sha256, i.size_bytes) for i in items[3:]] == [(None, None), (None, None)]
    assert items[0].description == "收银台报错页面 2026-08-04 09:45"


def test_json_list_gives_the_same_items_as_the_csv_list():
    assert read_evidence_list(DATA / "evidence.json") == read_evidence_list(DATA / "evidence.csv")


def test_json_list_without_a_wrapper_and_json_lines_are_read(tmp_path):
    shutil.copytree(DATA / "files", tmp_path / "files")
    records = [{"name": "截图", "path": "files/error-page.png"}, {"name": "合同", "kind": "合同"}]
    (tmp_path / "list.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "list.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8"
    )
    expected = [("截图", "screenshot", 73), ("合同", "contract", None)]
    for name in ("list.json", "list.jsonl"):
        items = read_evidence_list(tmp_path / name)
        assert [(i.name, i.kind, i.size_bytes) for i in items] == expected


def test_paths_are_relative_to_the_folder_of_the_list_not_the_current_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    items = read_evidence_list(DATA / "evidence.csv")
    assert items[0].size_bytes == 73


def test_an_empty_kind_follows_the_file_and_kinds_are_read_in_either_language(tmp_path):
    for name in ("a.PNG", "b.mp4", "c.pdf", "d.txt"):
        (tmp_path / name).write_bytes(b"x")
    rows = [
        {"path": "a.PNG"},
        {"path": "b.mp4"},
        {"path": "c.pdf"},
        {"path": "d.txt", "kind": "  Chat  Log "},
        {"name": "录屏", "kind": "录屏"},
        {"name": "诊断", "kind": "网络诊断"},
        {"name": "工单", "kind": "工单"},
        {"name": "其他", "kind": "其他"},
    ]
    kinds = [item.kind for item in evidence_items(rows, base=tmp_path)]
    assert kinds == [
        "screenshot", "recording", "other", "chat", "recording", "network", "ticket", "other"
    ]  # fmt: skip


def test_large_files_are_hashed_without_reading_them_into_memory(tmp_path):
    video = tmp_path / "recording.mp4"
    size = 64 * 1024 * 1024
    with video.open("wb") as handle:  # sparse: cheap to make, read as zeros
        handle.truncate(size)
    digest = hashlib.sha256()
    for _ in range(64):
        digest.update(bytes(1024 * 1024))
    tracemalloc.start()
    try:
        [item] = evidence_items([{"name": "故障录屏", "path": str(video)}])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (item.sha256, item.size_bytes) == (digest.hexdigest(), size)
    assert peak < 8 * 1024 * 1024


def test_identical_evidence_gives_identical_items_whatever_the_file_times(tmp_path):
    shutil.copytree(DATA, tmp_path / "copy")
    for file in (tmp_path / "copy" / "files").iterdir():
        os.utime(file, (0, 0))
    original = read_evidence_list(DATA / "evidence.csv")
    copied = read_evidence_list(tmp_path / "copy" / "evidence.csv")
    assert [i.model_dump_json() for i in copied] == [i.model_dump_json() for i in original]
    assert "modified" not in EvidenceItem.model_fields


# --- items given in Python ------------------------------------------------------------


def test_evidence_items_resolve_paths_from_base_or_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "chat.txt").write_text("09:40 客服: 正在处理", encoding="utf-8")
    [from_base] = evidence_items([{"name": "聊天", "path": "chat.txt"}], base=tmp_path)
    monkeypatch.chdir(tmp_path)
    [from_here] = evidence_items([{"name": "聊天", "path": "chat.txt"}])
    assert from_base == from_here
    assert from_base.sha256 == _sha256(tmp_path / "chat.txt")
    assert from_base.path == "chat.txt"


def test_evidence_items_of_nothing_is_an_empty_list():
    assert evidence_items([]) == []


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "chat.txt",
            'evidence must be a list of items such as [{"name": "chat with support", '
            '"kind": "chat", "path": "chat.txt"}]',
        ),
        ({"name": "x"}, "evidence must be a list of items such as"),
        (
            [{"name": "x"}, "y"],
            "evidence item 2 is a str, not a mapping of name, description, kind and path",
        ),
    ],
)
def test_evidence_items_that_are_not_a_list_of_mappings_are_a_config_error(rows, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        evidence_items(rows)


def test_an_evidence_item_is_frozen_and_round_trips_through_json():
    item = EvidenceItem(name="合同", kind="contract")
    assert EvidenceItem.model_validate_json(item.model_dump_json()) == item
    with pytest.raises(ValidationError):
        EvidenceItem(name="合同", kind="contract", password="x")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        item.name = "other"  # type: ignore[misc]


# --- problems in a list ---------------------------------------------------------------


def test_every_problem_of_a_list_is_named_with_line_and_column():
    error = _error(read_evidence_list, DATA / "bad.csv")
    label = str(DATA / "bad.csv")
    assert error.source == label
    assert error.lines == [3, 4, 6, 7]
    assert str(error) == (
        f"{label}: 4 problems in 4 evidence items; fix them and run again: "
        f"line 3, column 'path': no such file (paths are relative to {DATA}); correct the "
        "path, or leave it empty for evidence that is not a file, such as a paper contract "
        "(found 'files/missing-recording.mp4'); "
        "lines 4, 7, column 'description': seems to hold a password or a verification "
        "code; claimstats never stores secrets: delete the value from the list (write e.g. "
        "'login page, password not shown'); "
        "line 6, column 'kind': not a kind of evidence; write one of screenshot, recording, "
        "chat, contract, ticket, network, other (or leave it empty) (found 'ping test'); "
        f"line 6, column 'path': is a folder, not a file (paths are relative to {DATA}); "
        "list each file of it as its own item, or pack the folder into one .zip file and "
        "list that (found 'files')"
    )


def test_a_refused_secret_is_never_repeated_in_the_message():
    error = _error(read_evidence_list, DATA / "bad.csv")
    assert "Abc12345" not in str(error)
    assert "482913" not in str(error)
    assert [(p.column, p.values) for p in error.problems if p.column == "description"] == [
        ("description", [])
    ]


@pytest.mark.parametrize(
    "row",
    [
        {"name": "后台登录截图 密码：hunter22"},
        {"name": "login", "description": "password=hunter2"},
        {"name": "短信", "description": "验证码是482913"},
        {"name": "OTP: 482913"},
    ],
)
def test_a_name_or_description_with_a_password_or_code_is_refused(row):
    error = _error(evidence_items, [{"name": "合同"}, row])
    assert error.lines == [2]
    assert "claimstats never stores secrets" in str(error)


def test_mentions_of_passwords_without_a_value_are_kept():
    rows = [
        {"name": "登录页截图", "description": "login page, password not shown"},
        {"name": "验证码短信截图", "description": "验证码已打码"},
    ]
    assert [item.name for item in evidence_items(rows)] == ["登录页截图", "验证码短信截图"]


def test_a_json_list_names_the_record_and_the_column(tmp_path):
    listed = tmp_path / "evidence.json"
    records = [{"name": "合同"}, {"name": "截图", "path": "nowhere.png"}, {"description": "?"}]
    listed.write_text(json.dumps({"evidence": records}), encoding="utf-8")
    error = _error(read_evidence_list, listed)
    assert error.lines == [2, 3]
    assert [(p.column, p.lines) for p in error.problems] == [("path", [2]), ("name", [3])]
    assert error.problems[1].reason == "neither a name nor a path; say what it is"


def test_a_nested_json_value_is_not_text(tmp_path):
    listed = tmp_path / "evidence.json"
    listed.write_text(json.dumps([{"name": ["a", "b"], "kind": "chat"}]), encoding="utf-8")
    error = _error(read_evidence_list, listed)
    assert [(p.column, p.reason) for p in error.problems] == [
        ("name", "not text; write it as plain text"),
        ("name", "neither a name nor a path; say what it is"),
    ]


def test_a_list_with_other_columns_says_which_columns_it_needs(tmp_path):
    listed = tmp_path / "evidence.csv"
    listed.write_text("name,file,password\n合同,,\n", encoding="utf-8")
    assert str(_error(read_evidence_list, listed)) == (
        f"{listed}: has columns an evidence list does not use: 'file', 'password' (columns "
        "found: 'name', 'file', 'password'); name the columns name, description, kind and "
        "path (a name or a path for each item; the rest optional)"
    )
    listed.write_text("description,kind\n合同,contract\n", encoding="utf-8")
    assert "has no 'name' or 'path' column" in str(_error(read_evidence_list, listed))


def test_a_list_that_is_not_csv_or_json_is_a_format_error(tmp_path):
    listed = tmp_path / "evidence.xlsx"
    listed.write_bytes(b"PK\x03\x04")
    with pytest.raises(FormatError, match=r"evidence\.xlsx: an evidence list is read from"):
        read_evidence_list(listed)


def test_a_missing_or_empty_list_is_a_data_error(tmp_path):
    assert "file not found" in str(_error(read_evidence_list, tmp_path / "none.csv"))
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    assert "the file is empty" in str(_error(read_evidence_list, tmp_path / "empty.csv"))
