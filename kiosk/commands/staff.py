"""`kiosk staff add NAME --role operator|admin` (asks the PIN twice; --pin-stdin reads one line, for scripts),
`kiosk staff list`, `kiosk staff remove NAME`, `kiosk staff card NAME --out card.png` (a new staff card QR that
preselects the account on the PIN pad; the previous card of that account stops working), `kiosk staff provision
[--hours N]` (a one-time code with which the first-start screen makes the first admin), `kiosk staff unlock` (lifts
the lock after too many wrong PINs). Every change goes to the audit log as done by "console"."""

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
    provision = actions.add_parser("provision", help="print a one-time code with which the first-start screen "
                                                     "makes the first admin (only while no account exists)")
    provision.add_argument("--hours", type=_hours, default=24.0,
                           help="how long the code is valid (default 24, at most 168)")
    actions.add_parser("unlock", help="lift the lock of the maintenance PIN pad after too many wrong PINs")
    p.set_defaults(func=run)


def _hours(text: str) -> float:
    try:
        hours = float(text)
    except ValueError:
        hours = 0.0
    if not 0 < hours <= 168:
        raise argparse.ArgumentTypeError(f"hours between 0 and 168, not {text!r}")
    return hours


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
    config = config_of(args)
    try:
        return _run(args, config)
    except OSError as exc:  # a file in the data folder made by another user (root), or a full disk
        raise KioskError(f"员工账户无法保存 (cannot write {exc.filename}: {exc.strerror}); run it as the kiosk's user "
                         f"(sudo -u kiosk), and check the owner of {config.data_dir} and the free space on its disk",
                         str(exc)) from None


def _run(args: argparse.Namespace, config: Any) -> int:
    from kiosk.staff.accounts import StaffStore
    from kiosk.staff.audit import AuditLog

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
    if args.staff_action == "provision":
        return _provision(args, store, audit)
    if args.staff_action == "unlock":
        lifted = store.unlock()
        audit.record("console", "staff_unlock", lifted=lifted)
        print("已解锁维护登录，错误次数清零" if lifted else "维护登录没有锁定")
        return 0
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


def _provision(args: argparse.Namespace, store: Any, audit: Any) -> int:
    import time

    code, expires = store.provision(args.hours)
    audit.record("console", "staff_provision", expires_at=round(expires))
    grouped = " ".join(code[i:i + 4] for i in range(0, len(code), 4))
    until = time.strftime("%Y-%m-%d %H:%M", time.localtime(expires))
    print(f"开通码：{grouped}")
    print(f"有效至 {until}（{args.hours:g} 小时），只能使用一次；新的开通码使旧的失效。")
    print("在终端屏幕左上角连点五次，在“首次启动”页输入开通码、姓名和密码，建立第一个管理员。")
    return 0
