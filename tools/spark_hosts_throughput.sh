#!/usr/bin/env bash
# Runs per hour of one comparison (4 dense runs on Fashion-MNIST) two ways on this machine:
# compare --jobs 2 (two runs at a time, one thread each), then compare --spark on a standalone
# cluster whose master (with the driver) and two one-core workers each have a network namespace of
# their own, as SeveralHostsTest sets them up. Prints both wall times, the cluster's start-up, where
# spark.json says the runs ran, and whether each run's steps.csv is the same both ways.
# Usage (Linux, root, from the repository root after mvn package; Debian's dataset-fashion-mnist):
#   tools/spark_hosts_throughput.sh OUT
set -euo pipefail
out=$(realpath -m "$1"); mkdir -p "$out"
p=klbench; net=198.18.0
runs=(--model dense --data fashion-mnist --train-limit 30000 --batch-size 64 --hidden 256 --latent 8 --epochs 3 --threads 1 --no-progress
      --seeds 1,2 --schedules "constant:beta=1;cyclical:cycles=2")
spark_home=$PWD/klanneal-spark/target/spark-home
opens=$(cat klanneal-spark/target/classes/io/klanneal/spark/java-options.txt)
cleanup() {
  for n in h0 h1 h2; do for pid in $(ip netns pids $p-$n 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done; done
  for n in h0 h1 h2 hub; do ip netns del $p-$n 2>/dev/null || true; done
}
trap cleanup EXIT
ip netns add $p-hub; ip -n $p-hub link add br0 type bridge; ip -n $p-hub link set br0 up
for i in 0 1 2; do
  ip netns add $p-h$i
  ip -n $p-hub link add host$i type veth peer name eth0 netns $p-h$i
  ip -n $p-hub link set host$i master br0 up
  ip -n $p-h$i addr add $net.$((i + 1))/24 dev eth0; ip -n $p-h$i link set eth0 up; ip -n $p-h$i link set lo up
done
export SPARK_HOME=$spark_home SPARK_SCALA_VERSION=2.13

t0=$(date +%s.%N)
./klanneal compare "${runs[@]}" --jobs 2 --out "$out/local" > "$out/local.log" 2>&1
t1=$(date +%s.%N)
echo "compare --jobs 2: $(echo "$t1 - $t0" | bc) s"

# shellcheck disable=SC2086
SPARK_LOCAL_IP=$net.1 ip netns exec $p-h0 java $opens -cp "$spark_home/jars/*" org.apache.spark.deploy.master.Master \
  --host $net.1 --port 7077 --webui-port 8080 > "$out/master.log" 2>&1 &
for i in 1 2; do
  # shellcheck disable=SC2086
  SPARK_LOCAL_IP=$net.$((i + 1)) ip netns exec $p-h$i java $opens -cp "$spark_home/jars/*" org.apache.spark.deploy.worker.Worker \
    --host $net.$((i + 1)) --cores 1 --memory 1g --webui-port 8081 --work-dir "$out/work$i" spark://$net.1:7077 > "$out/worker$i.log" 2>&1 &
done
t2=$(date +%s.%N)
until [ "$(grep -c 'Registering worker' "$out/master.log")" -ge 2 ]; do sleep 0.2; done
t3=$(date +%s.%N)
echo "cluster up: $(echo "$t3 - $t2" | bc) s"
SPARK_LOCAL_IP=$net.1 KLANNEAL_JAVA_OPTS="-Dspark.cores.max=2 -Dspark.scheduler.minRegisteredResourcesRatio=1.0" \
  ip netns exec $p-h0 ./klanneal compare "${runs[@]}" --spark spark://$net.1:7077 --out "$out/cluster" > "$out/cluster.log" 2>&1
t4=$(date +%s.%N)
echo "compare --spark on 2 namespaced workers: $(echo "$t4 - $t3" | bc) s"
grep -h '"host"' "$out/cluster/spark.json" | sort | uniq -c
for r in "$out"/local/*-seed*/; do n=$(basename "$r"); cmp -s "$r/steps.csv" "$out/cluster/$n/steps.csv" && echo "$n: same steps.csv" || echo "$n: DIFFERENT"; done
