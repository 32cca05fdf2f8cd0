#!/bin/sh
# The shell in a real terminal: tmux types, the screen is read back.
# Covers the prompt, ?, TAB on keywords and object names, ? listing the
# objects that exist, Ctrl-Z as end, an abbreviated
# command, the caret under a bad word, Ctrl-C at the prompt and during a
# command, history, a configuration session's prompts and its end,
# Ctrl-D, and monitor events printing above the line being typed.
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
	sleep 0.2	# the shells' last writes (history) land first
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
# The prompt is the screen's last line, alone (an earlier one cannot pass).
expect_prompt() {	# NAME PROMPT
	i=0
	while [ $i -lt 100 ]; do
		tmx capture-pane -t "$sess" -p >"$dir/screen" 2>/dev/null
		[ "$(grep -v '^$' "$dir/screen" | tail -1)" = "$2" ] &&
		    { pass=$((pass + 1)); return; }
		sleep 0.05
		i=$((i + 1))
	done
	echo "FAIL $1: the last line is not '$2'"
	cat "$dir/screen"
	fail=$((fail + 1))
}
# A line of the screen matches the extended regex RE.
expect_re() {	# NAME RE
	i=0
	while [ $i -lt 100 ]; do
		tmx capture-pane -t "$sess" -p >"$dir/screen" 2>/dev/null
		grep -qE -- "$2" "$dir/screen" && { pass=$((pass + 1)); return; }
		sleep 0.05
		i=$((i + 1))
	done
	echo "FAIL $1: no line of the screen matches '$2'"
	cat "$dir/screen"
	fail=$((fail + 1))
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

# ? where an object's name may come lists the objects that exist
tmx send-keys -t "$sess" -l "show vbr ?"
expect "? lists existing objects" "vbr-alpha  (exists)"
tmx send-keys -t "$sess" C-c
# Ctrl-Z is end, as on IOS: from a config mode back to exec, the line
# being typed dropped; the engine does not stop
type_line "configure"
type_line "vbr vbr-alpha"
tmx send-keys -t "$sess" -l " vla"
tmx send-keys -t "$sess" C-z
expect "Ctrl-Z shows" "ecsh(config-vbr)#  vla^Z"
type_line "show history | include end"
# the row just before this show's own is end: the typed line, and ends
# typed earlier, also say end
expect_ctrl_z_end() {
	i=0
	while [ $i -lt 100 ]; do
		tmx capture-pane -t "$sess" -p >"$dir/screen" 2>/dev/null
		awk '$2 == "end" && NF == 2 { n = $1; next }
		    n != "" && $1 == n + 1 && /show history \| include end$/ {
			found = 1 }
		    { n = "" }
		    END { exit !found }' "$dir/screen" &&
		    { pass=$((pass + 1)); return; }
		sleep 0.05
		i=$((i + 1))
	done
	echo "FAIL Ctrl-Z ran end: no history row 'end' just before the show"
	cat "$dir/screen"
	fail=$((fail + 1))
}
expect_ctrl_z_end
expect "Ctrl-Z left config mode" "ecsh# show history"

# ? after a partial word lists only matching words
tmx send-keys -t "$sess" -l "show bgp p?"
expect "? on a partial word" "peers"
# Ctrl-C drops the line and gives a fresh prompt
tmx send-keys -t "$sess" C-c
type_line "show vbr json"
expect "Ctrl-C at the prompt" '{"vbrs":[{"name":"vbr-alpha"'

# an alert rule: ? lists the events ecsh raises, TAB completes one, and a
# URL the cloud would not call is refused with its reason
type_line "configure"
type_line "alert-rule peer-down"
expect "alert-rule prompt" "ecsh(config-alert-rule)#"
tmx send-keys -t "$sess" -l "event ?"
expect "? lists the events" "BgpPeerReceiveRoutes:Exceed"
tmx send-keys -t "$sess" C-c
tmx send-keys -t "$sess" -l "event BfdS"
tmx send-keys -t "$sess" Tab
tmx send-keys -t "$sess" -l "Down"
tmx send-keys -t "$sess" Enter
expect "TAB completed the event" \
    "ecsh(config-alert-rule)# event BfdSessionStatus:Down"
type_line "notify webhook https://127.0.0.1/x"
expect "https refused" "https is not offered"
type_line "end"

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

# a configuration session: its prompt, commit, Ctrl-Z; one left
# uncommitted is dropped when the shell ends, and it says so
type_line "configure session lab"
expect "session prompt" "ecsh(config-s-lab)#"
type_line "vbr vbr-beta"
expect "session object prompt" "ecsh(config-s-lab-vbr)#"
type_line " description in a candidate"
type_line "commit"
expect "commit in a session" "3 lines added, 0 removed."
tmx send-keys -t "$sess" C-z
type_line "configure session lab2"
type_line "vbr vbr-gamma"
type_line "end"
expect_prompt "left uncommitted" "ecsh#"
# a key typed at the terminal: recalled and kept in the history file
# hidden (SPEC 2), the configuration has it
type_line "configure"
type_line "cpe kc"
type_line " auth-key Tty-s3cret-K3y"
type_line "end"
clear_screen
tmx send-keys -t "$sess" Up Up
expect "a recalled key line is hidden" "auth-key <hidden>"
tmx send-keys -t "$sess" C-c
type_line "show running-config cpe kc | include auth"
expect "the configuration keeps the key" " auth-key Tty-s3cret-K3y"

# Ctrl-D on an empty line leaves with status 0 and saves history
tmx send-keys -t "$sess" C-d
expect "Ctrl-D exits cleanly" "ECSH-EXIT=0"
expect "an uncommitted session is dropped, said" \
    "% configuration session lab2: its uncommitted changes are dropped"
# (libedit stores lines vis-encoded: a space is \040, < is \074)
if grep -q "auth-key" "$dir/.ecsh_history" 2>/dev/null &&
    ! grep -q "Tty-s3cret-K3y" "$dir/.ecsh_history"; then
	pass=$((pass + 1))
else
	echo "FAIL the history file keeps a key, or no auth-key line:"
	cat "$dir/.ecsh_history"
	fail=$((fail + 1))
fi
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
expect "monitor: event above the prompt" "BGPPeerStatus:Down           vbr vbr1 peer 10.0.0.2"
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


# The engine runs on while the line editor waits in the middle of a key:
# a Ctrl-R search, a lone Esc, the Esc-x prompt.  BFD at 200 ms x 3 would
# notice a stall of 0.6 s; each wait here is 3 s.  A --connect client is
# answered meanwhile, and an event it causes prints once the key is done.
cat >"$dir/bfd.ecsh" <<'EOF'
configure
hostname bfdlab
vbr vbr1
 bfd interval 200 multiplier 3
 bgp-group dc
  peer-asn 65003
 bgp-peer 10.10.1.5
  group dc
  bfd
vbr vbr2
 bfd interval 200 multiplier 3
 bgp-group dc
  peer-asn 65004
 bgp-peer 10.10.2.5
  group dc
  bfd
cpe cpe1
 asn 65003
 address 10.10.1.5
 bfd interval 200 multiplier 3
 connect vbr vbr1
cpe cpe2
 asn 65004
 address 10.10.2.5
 bfd interval 200 multiplier 3
 connect vbr vbr2
end
wait bgp established timeout 10
wait bfd up timeout 10
EOF
sess=ecsh-keys-$$
lab=$dir/lab.sock
tmx new-session -d -s "$sess" -x 150 -y 45 \
    "env HOME=$dir TERM=xterm $ecsh --serve $lab -f $dir/bfd.ecsh; sleep 60"
# --serve at a terminal: the terminal stays a shell, and says where it serves
expect "serve: where it serves" "Serving on $lab"
expect "keys: prompt" "bfdlab#"
type_line "monitor events"
expect "keys: monitor" "Ctrl-C at the prompt stops."
tmx send-keys -t "$sess" C-r
sleep 3
if timeout 5 "$ecsh" --connect "$lab" -c 'show bfd sessions' >"$dir/bfd.out" \
    2>&1 && [ "$(grep -c ' Up ' "$dir/bfd.out")" = 2 ]; then
	pass=$((pass + 1))
else
	echo "FAIL keys: during Ctrl-R a --connect client got no answer, or BFD fell:"
	cat "$dir/bfd.out"
	fail=$((fail + 1))
fi
timeout 5 "$ecsh" --connect "$lab" -c 'failure-drill start vbr vbr1' \
    >/dev/null 2>&1
sleep 1.5
tmx send-keys -t "$sess" C-g
expect "keys: an event held during Ctrl-R prints after it" \
    "BfdSessionStatus:Down        vbr vbr1 peer 10.10.1.5"
tmx send-keys -t "$sess" Escape
sleep 3
tmx send-keys -t "$sess" -l "b"
tmx send-keys -t "$sess" Escape
tmx send-keys -t "$sess" -l "x"
sleep 3
tmx send-keys -t "$sess" Enter
timeout 5 "$ecsh" --connect "$lab" -c 'show events json' >"$dir/events.json" \
    2>&1
if ! grep -q 'Down","resource":"vbr vbr2' "$dir/events.json" &&
    grep -q 'Up","resource":"vbr vbr2' "$dir/events.json"; then
	pass=$((pass + 1))
else
	echo "FAIL keys: vbr2's sessions fell while the editor waited:"
	cat "$dir/events.json"
	fail=$((fail + 1))
fi
# a pasted block whose first line fails is skipped, not run on vbr2
tmx send-keys -t "$sess" C-c
type_line "configure"
type_line "vbr vbr2"
tmx send-keys -t "$sess" -l "$(printf 'vbr 2nd-vbr\n vlan 200')"
tmx send-keys -t "$sess" Enter
expect "keys: paste of a failed block" \
    "% skipped: the line that opens this block failed"
timeout 5 "$ecsh" --connect "$lab" -c 'show running-config' >"$dir/rc.out" \
    2>&1
if grep -q "vlan 200" "$dir/rc.out" || ! grep -q "^vbr vbr2" "$dir/rc.out"; then
	echo "FAIL keys: the pasted block configured the previous VBR:"
	cat "$dir/rc.out"
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
timeout 5 "$ecsh" --connect "$lab" -c shutdown >/dev/null 2>&1

# A shell of one's own loads the startup configuration; Ctrl-D in a
# config mode with unsaved changes warns once, then leaves
mkdir -p "$dir/.config/ecsh"
printf 'configure\nhostname saved\nvbr from-startup\nend\n' \
    >"$dir/.config/ecsh/startup-config"
sess=ecsh-startup-$$
tmx new-session -d -s "$sess" -x 120 -y 40 \
    "env HOME=$dir TERM=xterm $ecsh; echo ECSH-EXIT=\$?; sleep 60"
expect "startup: loaded at a terminal" "saved#"
type_line "show vbr"
expect "startup: its objects" "from-startup"
type_line "configure"
type_line "vbr changed"
tmx send-keys -t "$sess" C-d
expect "Ctrl-D: warns of unsaved changes" "Ctrl-D again leaves without saving."
expect "Ctrl-D: the shell stays" "saved(config-vbr)#"
type_line "do write"
expect "write: says where" "Saved to $dir/.config/ecsh/startup-config"
type_line "vbr changed-again"
type_line "no vbr changed-again"
tmx send-keys -t "$sess" C-d
expect "Ctrl-D: saved, so it leaves at once" "ECSH-EXIT=0"
if grep -q "^vbr changed" "$dir/.config/ecsh/startup-config"; then
	pass=$((pass + 1))
else
	echo "FAIL write at the terminal did not save to the startup configuration"
	fail=$((fail + 1))
fi

echo "tty: $pass passed, $fail failed"
[ $fail = 0 ]
