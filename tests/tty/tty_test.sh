#!/bin/sh
# The shell in a real terminal: tmux types, the screen is read back.
# Covers the prompt, ?, TAB on keywords and object names, an abbreviated
# command, the caret under a bad word, Ctrl-C at the prompt and during a
# command, history, Ctrl-D, and monitor events printing above the line
# being typed.
#   tests/tty/tty_test.sh ECSH
set -u
ecsh=$1
command -v tmux >/dev/null || { echo "FAIL tmux is not installed"; exit 1; }
dir=$(mktemp -d)
sess=ecsh-tty-$$
sock=$dir/tmux.sock
pass=0
fail=0
tmx() { tmux -S "$sock" "$@"; }
cleanup() {
	tmx kill-server 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

# Wait until the screen shows TEXT (a fixed string), up to 5 s.  tmux
# trims trailing blanks, so TEXT never ends in one.
screen_has() {
	i=0
	while [ $i -lt 100 ]; do
		tmx capture-pane -t "$sess" -p >"$dir/screen" 2>/dev/null
		grep -qF -- "$1" "$dir/screen" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
expect() {	# NAME TEXT
	if screen_has "$2"; then
		pass=$((pass + 1))
	else
		echo "FAIL $1: screen lacks '$2'"
		cat "$dir/screen"
		fail=$((fail + 1))
	fi
}
type_line() { tmx send-keys -t "$sess" -l "$1"; tmx send-keys -t "$sess" Enter; }
clear_screen() { tmx send-keys -t "$sess" C-l; tmx clear-history -t "$sess"; }

tmx new-session -d -s "$sess" -x 100 -y 40 \
    "env HOME=$dir TERM=xterm $ecsh; echo ECSH-EXIT=\$?; sleep 60"
expect "prompt" "ecsh#"

type_line "configure"
expect "config prompt" "ecsh(config)#"
type_line "vbr vbr-alpha"
expect "object mode prompt" "ecsh(config-vbr)#"

# ? lists this mode's commands with help, and keeps the line
tmx send-keys -t "$sess" "?"
expect "? lists commands" "vlan                 VLAN ID of the physical connection"
expect "? lists generic words" "do                   Run an exec command"

# TAB completes a keyword; then a value out of range gets a caret
tmx send-keys -t "$sess" -l "vl"
tmx send-keys -t "$sess" Tab
tmx send-keys -t "$sess" -l "5000"
tmx send-keys -t "$sess" Enter
expect "TAB completed the keyword" "ecsh(config-vbr)# vlan 5000"
expect "caret under the bad word" "                       ^"
expect "invalid input" "% Invalid input detected at '^' marker."
expect "reason" "% 5000 is outside 0-2999"

# an abbreviated exec command from config mode via do
type_line "do sh ver"
expect "abbreviated show" "Line editor"

type_line "end"
# TAB completes an object name
tmx send-keys -t "$sess" -l "show vbr vbr-a"
tmx send-keys -t "$sess" Tab
tmx send-keys -t "$sess" Enter
expect "TAB completed the name" "ecsh# show vbr vbr-alpha"
expect "show output" "vbr-alpha  -"

# ? after a partial word lists only matching words
tmx send-keys -t "$sess" -l "show bgp p?"
expect "? on a partial word" "peers"
# Ctrl-C drops the line and gives a fresh prompt
tmx send-keys -t "$sess" C-c
type_line "show vbr json"
expect "Ctrl-C at the prompt" '{"vbrs":[{"name":"vbr-alpha"'

# Ctrl-C stops a running command
type_line "sleep 600"
sleep 0.3
tmx send-keys -t "$sess" C-c
expect "Ctrl-C stops sleep" "% Interrupted."
type_line "show version"
expect "shell alive after Ctrl-C" "Clock          real"

# history: Up brings back the last line
tmx send-keys -t "$sess" Up
tmx send-keys -t "$sess" Enter
i=$(grep -c "Clock          real" "$dir/screen")
screen_has "Clock" >/dev/null
sleep 0.3
tmx capture-pane -t "$sess" -p >"$dir/screen"
if [ "$(grep -c "Clock          real" "$dir/screen")" -gt "$i" ]; then
	pass=$((pass + 1))
else
	echo "FAIL history: Up did not repeat show version"
	fail=$((fail + 1))
fi

# Ctrl-D on an empty line leaves with status 0 and saves history
tmx send-keys -t "$sess" C-d
expect "Ctrl-D exits cleanly" "ECSH-EXIT=0"
# (libedit stores lines vis-encoded: a space is \040)
if grep -q "sleep.*600" "$dir/.ecsh_history" 2>/dev/null; then
	pass=$((pass + 1))
else
	echo "FAIL history file not written"
	fail=$((fail + 1))
fi
# monitor events: an event arrives while a line is half typed; it prints
# above the prompt, and the line goes on where it was
cat >"$dir/monitor.ecsh" <<'EOF'
configure
vbr vbr1
 bgp-group dc
  peer-asn 65001
  hold-time 3
  keepalive 1
 bgp-peer 10.0.0.2
  group dc
cpe dc
 asn 65001
 address 10.0.0.2
 connect vbr vbr1
end
wait bgp established timeout 10
EOF
sess=ecsh-monitor-$$
tmx new-session -d -s "$sess" -x 120 -y 40 \
    "env HOME=$dir TERM=xterm $ecsh -f $dir/monitor.ecsh -i; sleep 60"
expect "monitor: prompt" "ecsh#"
type_line "monitor events"
expect "monitor: started" "Ctrl-C at the prompt stops."
type_line "configure"
type_line "cpe dc"
type_line "link down"
type_line "end"
tmx send-keys -t "$sess" -l "show ver"
# the hold timer (3 s) expires while "show ver" waits on the line
expect "monitor: event above the prompt" "BGPPeerStatus:Down  vbr vbr1 peer 10.0.0.2"
sleep 0.2
tmx capture-pane -t "$sess" -p | grep -v '^$' | tail -1 >"$dir/last"
if grep -qx 'ecsh# show ver' "$dir/last"; then
	pass=$((pass + 1))
else
	echo "FAIL monitor: the line being typed was not redrawn below:"
	cat "$dir/last"
	fail=$((fail + 1))
fi
tmx send-keys -t "$sess" -l "sion"
tmx send-keys -t "$sess" Enter
expect "monitor: the line went on" "Line editor"
tmx send-keys -t "$sess" C-c
expect "monitor: Ctrl-C stops it" "Stopped monitoring events."
# no more events on the screen once stopped
type_line "configure"
type_line "cpe dc"
type_line "no link down"
type_line "end"
type_line "wait bgp established timeout 10"
type_line "show events last 1"
expect "monitor: BGP came back" "BGPPeerStatus:Up"
if [ "$(tmx capture-pane -t "$sess" -p | grep -c 'BGPPeerStatus:Up')" = 1 ]; then
	pass=$((pass + 1))
else
	echo "FAIL monitor: an event printed after Ctrl-C stopped the monitor"
	tmx capture-pane -t "$sess" -p
	fail=$((fail + 1))
fi

echo "tty: $pass passed, $fail failed"
[ $fail = 0 ]
