"""`kiosk staff add NAME --role operator|admin` (asks the PIN twice; --pin-stdin reads one line, for scripts),
`kiosk staff list`, `kiosk staff remove NAME`, `kiosk staff card NAME --out card.png` (a new staff card QR that
preselects the account on the PIN pad; the previous card of that account stops working). Every change goes to the
audit log as done by "console"."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from kiosk.base.errors import KioskError
from kiosk.commands import add_command, config_of


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "staff", help="manage the maintenance staff accounts (PINs are stored hashed)")
    actions = p.add_subparsers(dest="staff_action", required=True)
    add = actions.add_parser("add", help="add an account, or set a new PIN/role for an existing one")
    add.add_argument("name")
    add.add_argument("--role", choices=["operator", "admin"], required=True)
    add.add_argument("--pin-stdin", action="store_true", help="read the PIN from one line of stdin (no prompt)")
    actions.add_parser("list", help="list the accounts")
    remove = actions.add_parser("remove", help="remove an account")
    remove.add_argument("name")
    card = actions.add_parser("card", help="issue a staff card (QR as PNG) that preselects the account; the PIN is "
                                           "still asked; the account's previous card stops working")
    card.add_argument("name")
    card.add_argument("--out", default="staff-card.png", help="where to write the card's PNG")
    p.set_defaults(func=run)


def _read_pin(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().strip()
    prompt = getpass.getpass if sys.stdin.isatty() else _plain_prompt
    first = prompt("PIN（6到12位数字）: ").strip()
    second = prompt("再输入一次: ").strip()
    if first != second:
        raise KioskError("两次输入的密码不一致", "PIN confirmation differs")
    return first


def _plain_prompt(text: str) -> str:
    sys.stderr.write(text)
    sys.stderr.flush()
    return sys.stdin.readline()


def run(args: argparse.Namespace) -> int:
    from kiosk.staff.accounts import StaffStore
    from kiosk.staff.audit import AuditLog

    config = config_of(args)
    store = StaffStore.from_config(config)
    audit = AuditLog.in_dir(config.data_dir)
    if args.staff_action == "list":
        members = store.members()
        for member in members:
            print(f"{member.name}\t{member.role.value}")
        if not members:
            print("（没有员工账户）")
        return 0
    if args.staff_action == "remove":
        if not store.remove(args.name):
            raise KioskError(f"没有名为 {args.name} 的账户", "no such account")
        audit.record("console", "staff_remove", name=args.name)
        print(f"已删除 {args.name}")
        return 0
    if args.staff_action == "card":
        return _issue_card(args, config, store, audit)
    member = store.add(args.name, args.role, _read_pin(args.pin_stdin))
    audit.record("console", "staff_add", name=member.name, role=member.role.value)
    print(f"已保存 {member.name}（{member.role.label}）")
    return 0


def _issue_card(args: argparse.Namespace, config: Any, store: Any, audit: Any) -> int:
    from pathlib import Path

    from kiosk.staff.accounts import card_png

    member = next((m for m in store.members() if m.name == args.name), None)
    if member is None:
        raise KioskError(f"没有名为 {args.name} 的账户", "no such account")
    out = Path(args.out)

    def write(payload: str) -> None:  # before the old card is revoked: a failed write leaves it working
        try:
            out.write_bytes(card_png(payload, member, config.station.name))
        except OSError as exc:
            raise KioskError(f"无法写入 {out}：{exc.strerror}（原来的卡仍然有效）", f"card output: {exc}") from None

    store.issue_card(member.name, deliver=write)
    audit.record("console", "staff_card", name=member.name)
    print(f"已为 {member.name} 制作维护卡：{out}（原来的卡已失效；扫卡后仍须输入密码）")
    return 0
