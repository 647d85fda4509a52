"""`kiosk idcard`, `kiosk scan` and `kiosk simulate` for field technicians: output and exit codes."""

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from kiosk.cli import main
from kiosk.devices.sim.idcard import IdCardSimulator
from kiosk.devices.sim.scanner import ScannerSimulator

ROOT = Path(__file__).resolve().parents[2]
ISSUE_KEYS = ["type", "name", "sex", "birth", "address", "id_number", "authority", "valid_from", "valid_to",
              "expired", "id_valid"]


@pytest.fixture
def sim() -> Iterator[IdCardSimulator]:
    simulator = IdCardSimulator()
    simulator.start()
    yield simulator
    simulator.stop()


def read_card(sim: IdCardSimulator, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["idcard", "--port", sim.port, "--timeout", "5", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_idcard_json_of_a_resident_is_masked_with_exactly_the_issue_keys(sim, capsys) -> None:
    sim.place_card("qiqige")
    code, out, _ = read_card(sim, capsys, "--json")
    assert code == 0
    card = json.loads(out)
    assert list(card) == ["type", "name", "sex", "nation", *ISSUE_KEYS[3:]]
    assert card["type"] == "resident" and card["nation"] == "蒙古" and card["valid_to"] == "长期"
    assert card["name"] == "其*格" and card["id_number"] == "1504**********0022"
    assert card["expired"] is False and card["id_valid"] is True
    assert "其其格" not in out and "150429195508080022" not in out


def test_idcard_reveal(sim, capsys) -> None:
    sim.place_card("wang-jianguo")
    code, out, _ = read_card(sim, capsys, "--json", "--reveal")
    card = json.loads(out)
    assert code == 0 and card["name"] == "王建国" and card["id_number"] == "150429196203150012"
    assert card["birth"] == "1962-03-15" and card["valid_from"] == "2016-05-12" and card["sex"] == "男"


@pytest.mark.parametrize(
    "key, extra_keys, kind",
    [
        ("chen-jiaxin", ["pass_number"], "hkmo_tw"),
        ("ivan-petrov", ["english_name", "nationality"], "foreign_permanent"),
    ],
)
def test_idcard_json_of_other_cards(sim, capsys, key: str, extra_keys: list[str], kind: str) -> None:
    sim.place_card(key)
    code, out, _ = read_card(sim, capsys, "--json", "--reveal")
    card = json.loads(out)
    assert code == 0 and card["type"] == kind
    assert list(card) == ISSUE_KEYS + extra_keys


def test_idcard_expired_card_is_printed_with_its_flag(sim, capsys) -> None:
    sim.place_card("li-xiulan")
    code, out, _ = read_card(sim, capsys, "--json")
    assert code == 0 and json.loads(out)["expired"] is True


def test_idcard_text_output(sim, capsys) -> None:
    sim.place_card("zhang-wei")
    code, out, err = read_card(sim, capsys)
    assert code == 0
    assert "姓名: 张*" in out and "民族: 满" in out and "已过期: 否" in out
    assert "SAM 05.01-20260101-0000012345-0987654321" in err


def test_idcard_exit_codes(sim, capsys, tmp_path: Path) -> None:
    assert main(["idcard", "--port", str(tmp_path / "ttyUSB0"), "--timeout", "1"]) == 3
    assert "未找到身份证读卡器" in capsys.readouterr().err
    assert main(["idcard", "--port", sim.port, "--timeout", "0.3"]) == 4  # no card
    assert "超时" in capsys.readouterr().err
    sim.set_fault(lift_mid_read=True)
    sim.place_card("wang-jianguo")
    assert main(["idcard", "--port", sim.port, "--timeout", "5"]) == 5
    assert "读卡失败" in capsys.readouterr().err
    sim.set_fault(silent=True)  # a port with nothing answering on it
    assert main(["idcard", "--port", sim.port, "--timeout", "1"]) == 3
    assert "无应答" in capsys.readouterr().err


def test_scan_prints_codes_as_they_come(capsys) -> None:
    scanner = ScannerSimulator(trigger="honeywell")
    port = scanner.start()
    try:
        scanner.show_code("MSB-EID-7Q2K9XW4")  # sent once the command triggers the scanner
        scanner.show_code("NC20261127000001", suffix="CR")
        code = main(["scan", "--port", port, "--trigger", "honeywell", "--count", "2", "--timeout", "10", "--json"])
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert code == 0
        assert lines == [{"kind": "eid", "text": "MSB-EID-7Q2K9XW4"}, {"kind": "receipt", "text": "NC20261127000001"}]
        assert main(["scan", "--port", port, "--count", "1", "--timeout", "0.3"]) == 4
    finally:
        scanner.stop()
    assert main(["scan", "--port", port, "--timeout", "1"]) == 3


def simulate(device: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "simulate", device, *extra],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
    )


def say(process: subprocess.Popen[str], line: str) -> str:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(line + "\n")
    process.stdin.flush()
    return process.stdout.readline().strip()


def test_simulate_idcard_prints_its_port_and_takes_commands(capsys) -> None:
    process = simulate("idcard")
    try:
        port = process.stdout.readline().strip()  # type: ignore[union-attr]
        assert Path(port).exists()
        assert say(process, "place wang-jianguo") == "ok card wang-jianguo placed"
        assert say(process, "place nobody").startswith("error: 没有这位模拟居民")
        assert say(process, "fault nonsense 1").startswith("error: 没有这种模拟故障")
        assert say(process, "fault pieces 9,0.001").startswith("ok")
        assert main(["idcard", "--port", port, "--timeout", "5", "--json", "--reveal"]) == 0
        assert json.loads(capsys.readouterr().out)["name"] == "王建国"
        assert say(process, "unplug") == "ok unplugged"
        assert not Path(port).exists()
        assert main(["idcard", "--port", port, "--timeout", "1"]) == 3
        assert say(process, "replug") == "ok plugged"
        assert say(process, "place ivan-petrov I") == "ok card ivan-petrov placed"
        assert main(["idcard", "--port", port, "--timeout", "5", "--json", "--reveal"]) == 0
        assert json.loads(capsys.readouterr().out)["id_number"] == "RUS158503010010"
        process.stdin.write("quit\n")  # type: ignore[union-attr]
        process.stdin.flush()  # type: ignore[union-attr]
        assert process.wait(10) == 0
        assert not Path(port).exists()
    finally:
        process.kill()
        process.wait()


def test_simulate_scanner_shows_codes(capsys) -> None:
    process = simulate("scanner", "--trigger", "honeywell", "--suffix", "CRLF")
    try:
        port = process.stdout.readline().strip()  # type: ignore[union-attr]
        assert say(process, "code MSB-EID-8NDW2PLE") == "ok code shown"
        assert main(["scan", "--port", port, "--suffix", "CRLF", "--trigger", "honeywell", "--count", "1",
                     "--timeout", "10"]) == 0
        assert capsys.readouterr().out == "eid\tMSB-EID-8NDW2PLE\n"
        process.stdin.close()  # type: ignore[union-attr]
        assert process.wait(10) == 0
    finally:
        process.kill()
        process.wait()


def test_control_characters_from_a_card_are_shown_escaped(tmp_path, capsys) -> None:
    card = yaml.safe_load((ROOT / "config" / "sim" / "identities.yaml").read_text(encoding="utf-8"))
    citizen = next(c for c in card["citizens"] if c["key"] == "wang-jianguo")
    citizen["address"] = "宁城县\x1b[2J\x1b]0;pwned\x07\u202e北洼子村"
    identities = tmp_path / "identities.yaml"
    identities.write_text(yaml.safe_dump(card, allow_unicode=True), encoding="utf-8")
    simulator = IdCardSimulator(identities)
    simulator.start()
    try:
        simulator.place_card("wang-jianguo")
        code, text, _ = read_card(simulator, capsys, "--reveal")
        simulator.place_card("wang-jianguo")
        code_json, as_json, _ = read_card(simulator, capsys, "--json", "--reveal")
    finally:
        simulator.stop()
    assert code == code_json == 0
    for out in (text, as_json):
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "宁城县\\x1b[2J\\x1b]0;pwned\\x07\\u202e北洼子村" in text
    assert json.loads(as_json)["address"] == citizen["address"]
