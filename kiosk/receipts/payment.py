"""The 缴费凭证 of a payment as the platform recorded it: printed by itself when the citizen's payment turns paid,
and again later from 办件进度 (a payment completed after the citizen left). Paper stays in Chinese."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.core.results import PaymentStatus
from kiosk.receipts import kinds
from kiosk.receipts.model import Receipt

ITEM_NAME = "城乡居民医保参保缴费"  # the one item paid at the kiosk (contract: createPayment's item_code yb-jf)


def payment_receipt_of(payment: PaymentStatus, payer_name: str, config: Any, now: dt.datetime,
                       item: str = ITEM_NAME) -> Receipt:
    """The receipt of a paid `payment`; `payer_name` as known to the kiosk (the card holder, or the payer's name
    among the insured persons when the holder is someone else; "" prints no payer name)."""
    if not payer_name:
        payer_name = next((x.name for x in payment.lines if x.id_number == payment.payer_id_number), "")
    return kinds.payment_receipt(kinds.PaymentDetails(
        transaction_no=payment.transaction_no, payment_id=payment.payment_id, item=item,
        payer_name=payer_name, payer_id=payment.payer_id_number,
        insured=[kinds.InsuredLine(x.name, x.id_number, x.year, f"{x.amount:.2f}") for x in payment.lines],
        amount=f"{payment.amount:.2f}", paid_at=payment.paid_at or now, printed_at=now,
    ), kinds.SlipStation.from_config(config))
