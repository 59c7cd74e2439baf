#!/usr/bin/env bash
# A one-node Slurm on this machine, from Debian's packages, for the tests (scripts/slurm-test.ts):
#   scripts/slurm/local-cluster.sh start    install slurm-wlm + munge if missing, write the config under
#                                           $PW_SLURM_DIR (/tmp/pw-slurm), start munged, slurmctld and
#                                           slurmd (as root), wait until sinfo shows the node idle
#   scripts/slurm/local-cluster.sh stop     stop the daemons this script started
#   scripts/slurm/local-cluster.sh env      print the SLURM_CONF line to use the cluster from a shell
# Idempotent: `start` on a running cluster only checks it; `stop` on a stopped one does nothing.
# Nothing is written to /etc: every Slurm command finds the config through SLURM_CONF.
set -euo pipefail

DIR=${PW_SLURM_DIR:-/tmp/pw-slurm}
CONF=$DIR/slurm.conf
NODE=$(hostname -s)
CPUS=${PW_SLURM_CPUS:-2}
# Memory the node offers jobs (MB): 90 % of this machine's, so the sbatch files' --mem requests fit.
MEM_MB=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
export SLURM_CONF=$CONF

log() { echo "local-cluster: $*" >&2; }

mkdir -p "$DIR"

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    log "must run as root (slurmd starts jobs as their user, munged needs its key); try sudo $0 $*"
    exit 1
  fi
}

install_packages() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian"
    # The lock is held while another apt runs (e.g. an install already under way): wait for it.
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" >&2 ||
      { apt-get -o DPkg::Lock::Timeout=600 update >&2 && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" >&2; }
  fi
}

write_config() {
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
  cat > "$CONF.new" <<CONF
# Written by scripts/slurm/local-cluster.sh: one node, this machine, for tests.
ClusterName=pwtest
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# No slurmdbd here, so sacct has nothing: finished jobs are kept in slurmctld for 10 minutes
# (scontrol show job) and written one line each to the job completion log.
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.log
MinJobAge=600
SlurmdTimeout=60
InactiveLimit=0
KillWait=10
NodeName=$NODE NodeAddr=localhost CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
  mv "$CONF.new" "$CONF"
}

munge_ok() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
  if munge_ok; then return; fi
  if [ ! -s /etc/munge/munge.key ]; then
    log "creating a munge key"
    if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key; else
      dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
  fi
  chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  chmod 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged
  touch "$DIR/munged-started-here"
  for _ in $(seq 50); do munge_ok && return; sleep 0.2; done
  log "munged did not start (see /var/log/munge/munged.log)"
  exit 1
}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

node_state() { sinfo -h -n "$NODE" -o '%t' 2>/dev/null | head -1; }

start() {
  need_root
  install_packages
  write_config
  start_munge
  if ! running "$DIR/slurmctld.pid"; then
    # -i: ignore state from an earlier run (a fresh machine is the normal case anyway).
    /usr/sbin/slurmctld -i
  fi
  for _ in $(seq 50); do scontrol ping >/dev/null 2>&1 && break; sleep 0.2; done
  if ! running "$DIR/slurmd.pid"; then
    /usr/sbin/slurmd
  fi
  local state=''
  for _ in $(seq 150); do
    state=$(node_state)
    case "$state" in
      idle|mix|alloc) log "node $NODE is $state ($CPUS CPUs); SLURM_CONF=$CONF"; return 0 ;;
      down*|drain*|fail*) scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.2
  done
  log "node $NODE did not become idle (state '$state'); logs in $DIR/log"
  tail -n 20 "$DIR/log/slurmctld.log" "$DIR/log/slurmd.log" >&2 || true
  exit 1
}

stop_pid() {
  local f=$1
  if running "$f"; then
    local pid
    pid=$(cat "$f")
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$f"
}

stop() {
  need_root
  stop_pid "$DIR/slurmd.pid"
  stop_pid "$DIR/slurmctld.pid"
  # munged is stopped only if `start` started it (a machine's own munged is left alone).
  if [ -f "$DIR/munged-started-here" ]; then
    stop_pid /run/munge/munged.pid
    rm -f "$DIR/munged-started-here"
  fi
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
