"""The printing subcommands, run through the kiosk CLI against the virtual printer."""

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.commands.receipt import KINDS
from kiosk.devices.sim.printer import VirtualPrinter
from kiosk.receipts import samples


def test_cli_kinds_are_the_builders():
    from kiosk.receipts.kinds import BUILDERS

    assert KINDS == samples.KINDS == tuple(BUILDERS)


@pytest.mark.parametrize("kind", KINDS)
def test_receipt_sample_png(tmp_path, kind, capsys):
    out = tmp_path / f"{kind}.png"
    assert main(["receipt", kind, "--sample", "--png", str(out), "--paper", "58"]) == 0
    assert Image.open(out).width == 384 + 32


def test_receipt_from_json_data_and_bad_data(tmp_path, capsys):
    data = tmp_path / "c.json"
    data.write_text('{"complaint_no": "TS1", "category": "建议", "summary": "增加周末服务", '
                    '"submitted_at": "2026-11-27 10:00", "reply_within_days": 3}', encoding="utf-8")
    assert main(["receipt", "complaint", "--data", str(data), "--text"]) == 0
    assert "受理编号：TS1" in capsys.readouterr().out
    data.write_text('{"complaint_no": "TS1", "colour": "red"}', encoding="utf-8")
    assert main(["receipt", "complaint", "--data", str(data)]) == 1
    assert "凭条数据有误" in capsys.readouterr().err
    data.write_text("{not json", encoding="utf-8")
    assert main(["receipt", "complaint", "--data", str(data)]) == 1


@pytest.fixture
def sim():
    with VirtualPrinter(None, tcp_port=0, pty=False) as printer:
        yield printer


def test_printer_status_exit_codes(sim, capsys):
    assert main(["printer-status", "--printer", sim.tcp_uri]) == 0
    assert capsys.readouterr().out.startswith("ok")
    sim.set_paper("out")
    assert main(["printer-status", "--printer", sim.tcp_uri]) == 1
    assert "缺纸" in capsys.readouterr().out
    sim.set_paper("ok")
    sim.set_answers("silent")
    assert main(["printer-status", "--printer", sim.tcp_uri]) == 3
    assert capsys.readouterr().out.startswith("unknown")
    assert main(["printer-status", "--printer", "tcp://127.0.0.1:1"]) == 3
    assert main(["printer-status", "--printer", "tcp:/nowhere"]) == 2


def test_print_test_prints_the_self_test_ticket(sim, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_PATHS__DATA_DIR", str(tmp_path))
    assert main(["print-test", "--printer", sim.tcp_uri, "--paper", "80"]) == 0
    out = capsys.readouterr().out
    assert "printed" in out and sim.receipt_count == 1
    text = sim.last_receipt.text
    assert "维护自检单" in text and "￥12.30：" in text and "ST0123456789" in sim.last_receipt.paper.barcodes
    sim.open_cover()
    assert main(["print-test", "--printer", sim.tcp_uri]) == 1
    assert "纸仓盖未关" in capsys.readouterr().out


def test_bench_receipt_meets_its_target():
    from kiosk.base.config import load_config
    from kiosk.bench import receipt

    rows = {r.metric: r for r in receipt.run(load_config(), quick=True)}
    for paper_mm in (80, 58):
        native = rows[f"{paper_mm} mm native bytes"]
        assert native.met and native.value < native.baseline / 20


def test_virtual_printer_folder_keeps_only_the_last_receipts(tmp_path):
    from kiosk.base.printer_uri import parse_printer_uri
    from kiosk.devices.printer.link import open_link
    from kiosk.receipts import render_escpos

    data = render_escpos(samples.sample("complaint"))
    for _run in range(2):
        with VirtualPrinter(tmp_path, tcp_port=0, pty=False, keep=2) as sim:
            link = open_link(parse_printer_uri(sim.tcp_uri))
            for _ in range(3):
                link.write(data)
            assert sim.wait_for_receipts(3)
            link.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "receipt-0005.png", "receipt-0005.txt", "receipt-0006.png", "receipt-0006.txt"]
