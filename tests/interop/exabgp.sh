#!/bin/sh
# ecsh against ExaBGP (see lib.sh, run_scenario).  ExaBGP only connects
# out; what it hears is written to a file by a small process, and routes
# are withdrawn by reloading a configuration without them.
#   tests/interop/exabgp.sh ECSH
set -u
ECSH=$1
. "$(dirname "$0")/lib.sh"

D_NAME=exabgp D_IP=127.0.0.5 D_PORT=17905 D_ASN=4200000005
D_V4_EXTRA=10.50.0.0/16 D_V6=2001:db8:50::/48 D_ROUTES=3
KEY=
EXTRA="route 10.50.0.0/16 next-hop 198.51.100.5;"

write_conf() {
	cat >"$dir/exabgp.conf" <<CONF
process receiver {
	run /bin/sh -c "cat >> $dir/received.json";
	encoder json;
}
neighbor 127.0.0.1 {
	router-id 198.51.100.5;
	local-address $D_IP;
	local-as $D_ASN;
	peer-as 64512;
	hold-time 9;
$( [ -n "$KEY" ] && printf "\tmd5-password %s;\n" "$KEY" )
	connect 17901;
	family {
		ipv4 unicast;
		ipv6 unicast;
	}
	api {
		processes [ receiver ];
		receive { parsed; update; }
	}
	static {
		$EXTRA
		route 10.51.0.0/16 next-hop 198.51.100.5;
		route 2001:db8:50::/48 next-hop 2001:db8::5;
	}
}
CONF
}

d_start() {
	KEY=$1
	write_conf
	: >"$dir/received.json"
	env exabgp.daemon.user=root exabgp.daemon.drop=false \
	    exabgp.log.destination="$dir/exabgp.log" \
	    exabgp "$dir/exabgp.conf" >"$dir/exabgp.out" 2>&1 &
	d_pid=$!
}
d_stop() {
	kill "$d_pid" 2>/dev/null
	wait "$d_pid" 2>/dev/null
	d_pid=
}
d_withdraw() {
	EXTRA=
	write_conf
	kill -USR1 "$d_pid"
}
d_announce() {
	EXTRA="route 10.50.0.0/16 next-hop 198.51.100.5;"
	write_conf
	kill -USR1 "$d_pid"
}
d_has() {
	grep -o "\"$1\"" "$dir/received.json" | tr -d '"'
}

# SOURCE_ONLY: just the hooks (capture.sh uses them)
[ -n "${SOURCE_ONLY:-}" ] && return 0
need exabgp && run_scenario
echo "exabgp: $pass passed, $fail failed"
[ $fail = 0 ]
