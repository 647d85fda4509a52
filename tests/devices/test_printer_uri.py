import pytest

from kiosk.base.errors import ConfigError
from kiosk.base.printer_uri import PrinterUri, PrinterUriError, parse_printer_uri


@pytest.mark.parametrize("text, expected", [
    ("serial:/dev/ttyUSB0?baud=115200", PrinterUri("serial", path="/dev/ttyUSB0", baud=115200)),
    ("serial:/dev/ttyS1", PrinterUri("serial", path="/dev/ttyS1", baud=115200)),
    ("serial:/dev/serial/by-id/usb-1a86_USB2.0-Ser_-if00-port0?baud=9600&flow=rtscts",
     PrinterUri("serial", path="/dev/serial/by-id/usb-1a86_USB2.0-Ser_-if00-port0", baud=9600, flow="rtscts")),
    ("usb:0416:5011", PrinterUri("usb", vid=0x0416, pid=0x5011)),
    ("USB:04B8:0E15", PrinterUri("usb", vid=0x04B8, pid=0x0E15)),
    ("tcp://192.168.1.50:9100", PrinterUri("tcp", host="192.168.1.50", port=9100)),
    ("tcp://printer.local", PrinterUri("tcp", host="printer.local", port=9100)),
    ("tcp://[::1]:9101", PrinterUri("tcp", host="::1", port=9101)),
    ("file:/dev/usb/lp0", PrinterUri("file", path="/dev/usb/lp0")),
])
def test_parses(text, expected):
    assert parse_printer_uri(text) == expected


@pytest.mark.parametrize("text", [
    "serial:/dev/ttyUSB0?baud=115200",
    "usb:0416:5011",
    "tcp://10.0.0.7:9100",
    "file:/dev/usb/lp0",
])
def test_round_trips(text):
    assert str(parse_printer_uri(text)) == text


@pytest.mark.parametrize("text, words", [
    ("", "地址为空"),
    ("/dev/ttyUSB0", "缺少连接方式前缀"),
    ("lpt:1", "不支持的连接方式"),
    ("serial:ttyUSB0", "绝对路径"),
    ("serial:/dev/ttyUSB0?baud=12345", "波特率"),
    ("serial:/dev/ttyUSB0?baud=fast", "波特率"),
    ("serial:/dev/ttyUSB0?speed=9600", "未知参数"),
    ("serial:/dev/ttyUSB0?flow=magic", "flow"),
    ("usb:0416", "厂商号"),
    ("usb:xyz:5011", "厂商号"),
    ("usb:0000:5011", "不能为 0"),
    ("usb:12345:1", "厂商号"),
    ("tcp:printer:9100", "tcp://"),
    ("tcp://printer:0", "端口"),
    ("tcp://printer:70000", "端口"),
    ("tcp://printer:abc", "端口"),
    ("tcp://:9100", "主机名"),
    ("tcp://print er:9100", "主机名"),
    ("tcp://printer:9100/queue", "路径"),
    ("tcp://[::1:9100", "]"),
    ("file:lp0", "绝对路径"),
])
def test_rejects_with_a_reason(text, words):
    with pytest.raises(PrinterUriError) as caught:
        parse_printer_uri(text)
    assert words in caught.value.message
    assert isinstance(caught.value, ConfigError)


def test_only_file_links_are_one_way():
    assert not parse_printer_uri("file:/dev/usb/lp0").two_way
    assert parse_printer_uri("tcp://h:9100").two_way and parse_printer_uri("serial:/dev/x").two_way
