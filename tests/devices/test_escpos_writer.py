"""The writer's bytes read back by the virtual printer's interpreter: Chinese mode, explicit GB18030, raster
fallback, native and image QR, and an interpreter that survives any byte stream."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.escpos.paper import Bitmap, QrSymbol, TextLine
from kiosk.devices.escpos.writer import CHINESE_ON, EscposWriter, PrinterProfile, printable_as_text
from kiosk.devices.sim.printer import _decode_image_qrs

from printing_support import interpret


def _written(lines, profile=PrinterProfile()):
    writer = EscposWriter(profile)
    writer.begin()
    for line in lines:
        writer.line(line)
    writer.cut()
    return writer


def test_full_width_signs_print_where_python_escpos_prints_question_marks():
    from escpos.printer import Dummy

    library = Dummy()
    library.text("￥12.30：\n")
    assert b"?12.30?" in library.output  # the pitfall: no ideograph, so a single-byte code page

    data = _written(["￥12.30："]).data()
    assert CHINESE_ON + b"\xa3\xa412.30\xa3\xba\n" in data
    paper = interpret(data)[0][0]
    assert paper.elements[0].text == "￥12.30："


def test_without_fs_ampersand_the_printer_would_print_mojibake():
    data = "受理回执\n".encode("gb18030") + b"\x1dV\x42\x00"
    assert interpret(data)[0][0].elements[0].text != "受理回执"


def test_characters_outside_the_font_make_the_line_a_raster_image():
    assert printable_as_text("王建国 ABC ￥", True)
    assert printable_as_text("㐀", True)  # CJK Ext. A: four-byte GB18030, in the mandatory set
    assert not printable_as_text("吉𠮷", True)  # Ext. B: not in printer fonts
    assert not printable_as_text("王", False)
    writer = _written(["申请人：王𠮷", "ASCII only", "㐀"])
    assert writer.raster_lines == 1
    data = writer.data()
    assert "𠮷".encode("gb18030") not in data and "㐀".encode("gb18030") in data
    elements = interpret(data)[0][0].elements
    assert isinstance(elements[0], Bitmap) and elements[0].image.width == 576
    assert [e.text for e in elements[1:] if isinstance(e, TextLine)] == ["ASCII only", "㐀"]


def test_printer_without_chinese_font_gets_chinese_lines_as_images():
    writer = _written(["受理回执", "NC20261127000123"], PrinterProfile(58, chinese_font=False))
    data = writer.data()
    assert CHINESE_ON not in data and writer.raster_lines == 1
    elements = interpret(data, 384)[0][0].elements
    assert isinstance(elements[0], Bitmap) and elements[0].image.width == 384
    assert elements[1].text == "NC20261127000123"


def test_native_qr_is_centred_and_carries_the_text():
    writer = EscposWriter(PrinterProfile())
    writer.begin()
    writer.qr("NC20261127000123")
    writer.cut()
    data = writer.data()
    assert data.index(b"\x1ba\x01") < data.index(b"\x1d(k")
    qr = [e for e in interpret(data)[0][0].elements if isinstance(e, QrSymbol)]
    assert [(q.data, q.align, q.module) for q in qr] == [("NC20261127000123", "center", 7)]


def test_image_qr_for_printers_without_native_qr_decodes_to_the_same_text():
    writer = EscposWriter(PrinterProfile(58, native_qr=False))
    writer.begin()
    writer.qr("https://example.invalid/p/NC20261127000123")
    writer.cut()
    data = writer.data()
    assert b"\x1d(k" not in data and b"\x1dv0" in data
    paper = interpret(data, 384)[0][0]
    assert _decode_image_qrs(paper) == ["https://example.invalid/p/NC20261127000123"]


def test_barcode_round_trips():
    writer = EscposWriter(PrinterProfile())
    writer.begin()
    writer.barcode("NC20261127000123")
    writer.cut()
    assert interpret(writer.data())[0][0].barcodes == ["NC20261127000123"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.integers(min_value=1, max_value=50))
def test_interpreter_survives_any_bytes_in_any_pieces(data, piece):
    whole, reader_whole = interpret(data)
    cut = []
    from kiosk.devices.escpos.reader import EscposReader

    reader = EscposReader(on_cut=cut.append)
    for start in range(0, len(data), piece):
        reader.feed(data[start:start + piece])
    assert [p.text() for p in cut] == [p.text() for p in whole]
    assert reader.unknown == reader_whole.unknown


def test_code128_switches_to_digit_pairs_and_reads_back():
    from kiosk.devices.escpos.writer import code128_payload

    assert code128_payload("NC20261127000123") == (b"{BNC{C" + bytes([20, 26, 11, 27, 0, 1, 23]), 145)
    for data in ("ST0123456789", "X1234567Y", "A{B", "12345", "123"):
        writer = EscposWriter(PrinterProfile(58))
        writer.begin()
        writer.barcode(data)
        writer.cut()
        assert interpret(writer.data(), 384)[0][0].barcodes == [data]


def test_a_barcode_too_wide_for_the_paper_is_printed_as_text():
    writer = EscposWriter(PrinterProfile(58))
    writer.begin()
    writer.barcode("SELFTEST-ABCDEFGHIJ")
    writer.cut()
    paper = interpret(writer.data(), 384)[0][0]
    assert paper.barcodes == [] and paper.elements[0].text == "SELFTEST-ABCDEFGHIJ"


def test_chinese_text_split_between_reads_is_decoded_whole():
    from kiosk.devices.escpos.reader import EscposReader

    data = _written(["受理回执 ￥12.30："]).data()
    cut = []
    reader = EscposReader(on_cut=cut.append)
    for i in range(len(data)):
        reader.feed(data[i:i + 1])
    assert cut[0].elements[0].text == "受理回执 ￥12.30："
