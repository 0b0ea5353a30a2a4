#!/usr/bin/env python3
"""The PCI layout of a guest, three ways, as lines "PATH WHAT" sorted.

PATH names a function by where it sits, not by bus number (the guest's
bus numbers are the firmware's, the XML's are controller indexes): the
slot.function on the root bus, then through each bridge the
slot.function behind it, e.g. "02.3/00.0" (a device behind the root
port at 00:02.3).

  pci-layout.py xml FILE     the <address type='pci'> of each device and
                             controller of a domain document; WHAT is the
                             element (and model): interface:virtio,
                             disk:virtio, controller:usb:qemu-xhci, ...
  pci-layout.py qmp FILE     QMP query-pci's return value (JSON); WHAT is
                             VENDOR:DEVICE (hex, 4 digits each)
  pci-layout.py guest FILE   console lines "PCI <realpath of the sysfs
                             device> <vendor> <device>" as the guest
                             printed them; WHAT is VENDOR:DEVICE
  pci-layout.py match XML QMP  exit 0 when every device of the XML
                             layout is in the QMP one at the same PATH,
                             with an id its element can have, and QMP has
                             nothing else but the q35 machine's own
                             functions (00.0, 1f.0, 1f.3); else print
                             what differs and exit 1
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

# The vendor:device each element may show (QEMU 7.2); a virtio device is
# modern-only (0x104x) behind a PCI Express port, transitional (0x100x)
# on a conventional bus.
IDS = {
    "interface:virtio": r"1af4:(1000|1041)",
    "interface:e1000e": r"8086:10d3",
    "disk:virtio": r"1af4:(1001|1042)",
    "memballoon:virtio": r"1af4:(1002|1045)",
    "rng:virtio": r"1af4:(1005|1044)",
    "controller:virtio-serial": r"1af4:(1003|1043)",
    "controller:usb:qemu-xhci": r"1b36:000d",
    "controller:usb:nec-xhci": r"1033:0194",
    "controller:pci:pcie-root-port": r"1b36:000c",
    "controller:pci:pcie-to-pci-bridge": r"1b36:000e",
    "controller:sata": r"8086:2922",
    "video:qxl": r"1b36:0100",
    "video:virtio": r"1af4:(1050)",
    "video:vga": r"1234:1111",
    "sound:ich9": r"8086:293e",
    "input:virtio": r"1af4:1052",
    "watchdog:i6300esb": r"8086:25ab",
}
MACHINE_OWN = {"00.0", "1f.0", "1f.3"}


def sf(slot, fn):
    return "%02x.%x" % (slot, fn)


def num(v):
    return int(v, 0)


def from_xml(path):
    root = ET.parse(path).getroot()
    devs = root.find("devices")
    items = []          # (bus, slot, fn, what)
    for el in devs:
        a = el.find("address")
        if a is None or a.get("type") != "pci":
            continue
        what = el.tag
        if el.tag == "controller":
            what += ":" + el.get("type")
            if el.get("model"):
                what += ":" + el.get("model")
        elif el.tag == "interface" or el.tag == "video":
            m = el.find("model")
            what += ":" + (m.get("type") if m is not None else "")
        elif el.tag == "disk":
            what += ":" + el.find("target").get("bus")
        elif el.tag in ("memballoon", "rng", "sound", "watchdog"):
            what += ":" + el.get("model")
        elif el.tag == "input":
            what += ":" + el.get("bus")
        items.append((num(a.get("bus")), num(a.get("slot")),
                      num(a.get("function", "0")), what))
    # Resolve the controllers' own paths first (a bridge on a bridge).
    ctrl = {}
    for el in devs:
        if el.tag == "controller" and el.get("type") == "pci":
            a = el.find("address")
            if a is not None:
                ctrl[int(el.get("index"))] = (num(a.get("bus")),
                                              num(a.get("slot")),
                                              num(a.get("function", "0")))

    def path_of(bus, slot, fn, depth=0):
        if bus == 0 or depth > 16:
            return sf(slot, fn)
        b, s, f = ctrl[bus]
        return path_of(b, s, f, depth + 1) + "/" + sf(slot, fn)
    return sorted("%s %s" % (path_of(b, s, f), w) for b, s, f, w in items)


def from_qmp(path):
    out = []

    def walk(devices, prefix):
        for d in devices:
            p = prefix + sf(d["slot"], d["function"])
            out.append("%s %04x:%04x" % (p, d["id"]["vendor"],
                                         d["id"]["device"]))
            br = d.get("pci_bridge")
            if br and "devices" in br:
                walk(br["devices"], p + "/")
    for bus in json.load(open(path)):
        walk(bus["devices"], "")
    return sorted(out)


def from_guest(path):
    out = []
    for line in open(path, errors="replace"):
        line = line.replace("\r", "").strip()
        m = re.match(r"^PCI (/sys/devices/pci[0-9a-f]{4}:[0-9a-f]{2}/\S+)"
                     r" 0x([0-9a-f]{4}) 0x([0-9a-f]{4})$", line)
        if not m:
            continue
        parts = m.group(1).split("/")[4:]
        p = "/".join(x.split(":")[-1] for x in parts)
        out.append("%s %s:%s" % (p, m.group(2), m.group(3)))
    return sorted(set(out))


def match(xml_path, qmp_path):
    x = from_xml(xml_path)
    q = dict(line.split() for line in from_qmp(qmp_path))
    bad = []
    seen = set()
    for line in x:
        p, what = line.split()
        seen.add(p)
        if p not in q:
            bad.append("%s %s: not in query-pci" % (p, what))
        elif what in IDS and not re.fullmatch(IDS[what], q[p]):
            bad.append("%s %s: query-pci has %s" % (p, what, q[p]))
    for p in sorted(set(q) - seen - MACHINE_OWN):
        bad.append("%s %s: in query-pci, not in the XML" % (p, q[p]))
    for b in bad:
        print(b)
    return 1 if bad else 0


def main():
    mode = sys.argv[1]
    if mode == "match":
        sys.exit(match(sys.argv[2], sys.argv[3]))
    f = {"xml": from_xml, "qmp": from_qmp, "guest": from_guest}[mode]
    for line in f(sys.argv[2]):
        print(line)


if __name__ == "__main__":
    main()
