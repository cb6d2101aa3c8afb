#!/usr/bin/env bash
# Regenerates the expected events of nexmark-generator.test.ts from nexmark-flink's own Java
# generator, made deterministic the way Eddy's is. Needs a JDK (javac, java) and a checkout of
# github.com/nexmark/nexmark (tested at 6b3646c).
#   make-golden.sh <nexmark checkout> [Dump args...]     e.g.  numEvents=5000 | sha256sum
# Dump prints one line per event: index|timestamp|watermark|P/A/B|fields...
set -euo pipefail
repo=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$repo/nexmark-flink/src/main/java/com/github/nexmark/flink
dst=$work/src/com/github/nexmark/flink
mkdir -p "$dst/generator/model" "$dst/model" "$dst/utils"
cp "$src"/generator/{GeneratorConfig,NexmarkGenerator}.java "$dst/generator/"
cp "$src"/generator/model/*.java "$dst/generator/model/"
cp "$src"/model/{Person,Auction,Bid,Event}.java "$dst/model/"
cp "$src"/NexmarkConfiguration.java "$dst/"
cp "$here/Dump.java" "$work/src/"

# Strip the Flink and Jackson dependencies.
sed -i -e '/import javax.annotation.Nullable;/d' -e 's/@Nullable //g' "$dst/model/Event.java"
sed -i -e '/jackson/d' -e 's/@JsonProperty//g' "$dst/NexmarkConfiguration.java"
python3 - "$dst/NexmarkConfiguration.java" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r'public String toString\(\) \{.*?\n\t\}\n', 'public String toString() { return "conf"; }\n', s, flags=re.S)
open(p, 'w').write(s)
PY
cat > "$dst/utils/NexmarkUtils.java" <<'JAVA'
package com.github.nexmark.flink.utils;
public class NexmarkUtils {
  public enum RateUnit { PER_SECOND }
  public enum RateShape { SQUARE, SINE;
    public int stepLengthSec(int ratePeriodSec) { int n = this == SQUARE ? 2 : 10; return (ratePeriodSec + n - 1) / n; }
  }
}
JAVA

# Eddy's seeding: java.util.Random instead of SplittableRandom, seeded with the event id per
# event, and fixed seeds for the channel URL table and the shared padding string.
cd "$dst/generator"
sed -i -e 's/SplittableRandom/Random/g' NexmarkGenerator.java GeneratorConfig.java model/*.java
sed -i -e '/checkNotNull/d' -e 's/  private final Random random = new Random();//' \
  -e 's/    long rem = newEventId % config.totalProportion;/    long rem = newEventId % config.totalProportion;\n    Random random = new Random(newEventId);/' \
  NexmarkGenerator.java
sed -i -e 's/private static final Random random = new Random();/private static final Random random = new Random(0x4e45584dL);/' model/BidGenerator.java
sed -i -e 's/nextExactString(new Random(), 1024 \* 1024)/nextExactString(new Random(0x41524bL), 1024 * 1024)/' model/StringsGenerator.java

cd "$work"
mkdir -p out
javac -nowarn -d out $(find src -name '*.java') 2>&1 | grep -v '^Note:' >&2 || true
java -cp out Dump "$@"
