"""Receipt printers: URIs and links, status, the print queue, the paper counter; A4 through CUPS."""
