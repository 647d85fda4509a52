"""`kiosk idcard`: for field technicians, wait for one ID card on a reader and print it (masked unless
--reveal). Exit codes: 0 card printed, 3 no reader, 4 no card before the timeout, 5 card unreadable."""

from __future__ import annotations

import argparse
import sys
import time
from typing import get_args

from kiosk.base.config import IdCardReader as ReaderConfig
from kiosk.base.textwidth import escape_controls
from kiosk.commands import add_command, config_of, terminal_json

EXIT_NO_READER = 3
EXIT_TIMEOUT = 4
EXIT_UNREADABLE = 5
BAUDS = get_args(ReaderConfig.model_fields["baud"].annotation)
_LABELS = {
    "type": "证件类型", "name": "姓名", "english_name": "英文姓名", "sex": "性别", "nation": "民族",
    "nationality": "国籍", "birth": "出生", "address": "住址", "id_number": "证件号码", "pass_number": "通行证号码",
    "authority": "签发机关", "valid_from": "有效期起", "valid_to": "有效期止", "expired": "已过期",
    "id_valid": "号码校验通过",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "idcard", help="wait for one ID card on the reader and print it (exit 3: no reader, 4: timeout)"
    )
    p.add_argument("--port", help="serial port: a path, /dev/serial/by-id/..., or usb:VID:PID (default: configured)")
    p.add_argument("--baud", type=int, choices=BAUDS, help="line speed (default: configured, normally 115200)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S", help="seconds to wait for a card (default 30)")
    p.add_argument("--json", action="store_true", help="print the card as one JSON object")
    p.add_argument("--reveal", action="store_true", help="print name, numbers and address in full")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.devices.base import DeviceError
    from kiosk.devices.idcard.reader import CardReadError, IdCardReader

    cfg = config_of(args).devices.idcard
    port = args.port or cfg.port
    if not port:
        print("未找到身份证读卡器：请用 --port 指定串口", file=sys.stderr)
        return EXIT_NO_READER
    reader = IdCardReader(port, baud=args.baud or cfg.baud, poll_interval=cfg.poll_interval_ms / 1000)
    try:
        reader.open()
    except DeviceError as exc:
        print(f"未找到身份证读卡器：{exc.message} ({exc.detail})", file=sys.stderr)
        reader.close()
        return EXIT_NO_READER
    try:
        print(f"读卡器就绪 (SAM {reader.sam_id})，请放置身份证…", file=sys.stderr)
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            try:
                identity = reader.read_card()
            except CardReadError as exc:
                print(f"读卡失败：{exc.message} ({exc.detail})", file=sys.stderr)
                return EXIT_UNREADABLE
            if identity is not None:
                _print(identity.to_json(reveal=args.reveal), args.json)
                return 0
            time.sleep(reader.poll_interval)
        print(f"等待身份证超时（{args.timeout:g} 秒）", file=sys.stderr)
        return EXIT_TIMEOUT
    except DeviceError as exc:
        print(f"身份证读卡器出错：{exc.message} ({exc.detail})", file=sys.stderr)
        return EXIT_NO_READER
    finally:
        reader.close()


def _print(card: dict[str, object], as_json: bool) -> None:
    if as_json:
        print(terminal_json(card))
        return
    for key, value in card.items():
        shown = ("是" if value else "否") if isinstance(value, bool) else value
        print(f"{_LABELS.get(key, key)}: {escape_controls(str(shown))}")
