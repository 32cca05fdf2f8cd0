# A configuration of about `lines` lines (default 100000): VBRs of eight
# BGP peers in one group and 48 advertised /30s each, between configure
# and end.  body=1 leaves out configure and end (for a session's body).
#   awk -v lines=100000 -f bench/big_config.awk
BEGIN {
	if (lines == "")
		lines = 100000
	if (!body)
		print "configure"
	n = 1
	for (v = 0; n < lines; v++) {
		x = int(v / 250); y = v % 250
		print "vbr v" v; print " bgp-group dc"; print "  peer-asn 65001"
		n += 3
		for (p = 1; p <= 8; p++) {
			print " bgp-peer 10." x "." y "." p; print "  group dc"
			n += 2
		}
		for (a = 0; a < 48; a++) {
			print " advertise 172." (16 + x % 16) "." y "." (a * 4) "/30"
			n++
		}
	}
	if (!body)
		print "end"
}
