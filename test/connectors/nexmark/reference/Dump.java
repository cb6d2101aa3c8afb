// Prints nexmark-flink's events as lines for make-golden.sh (see there). Args: key=value, e.g.
// numEvents=5000 outOfOrderGroupSize=7; skip=k starts at event index k.
import com.github.nexmark.flink.NexmarkConfiguration;
import com.github.nexmark.flink.generator.*;
import com.github.nexmark.flink.model.*;
import java.io.*;

public class Dump {
  public static void main(String[] args) throws Exception {
    NexmarkConfiguration c = new NexmarkConfiguration();
    long baseTime = 1436918400000L, firstEventId = 1, firstEventNumber = 1, numEvents = 100, skip = 0;
    for (String a : args) {
      String[] kv = a.split("=");
      String k = kv[0]; String v = kv[1];
      switch (k) {
        case "numEvents": numEvents = Long.parseLong(v); c.numEvents = numEvents; break;
        case "skip": skip = Long.parseLong(v); break;
        case "baseTime": baseTime = Long.parseLong(v); break;
        case "firstEventId": firstEventId = Long.parseLong(v); break;
        case "firstEventNumber": firstEventNumber = Long.parseLong(v); break;
        case "firstEventRate": c.firstEventRate = Integer.parseInt(v); break;
        case "outOfOrderGroupSize": c.outOfOrderGroupSize = Long.parseLong(v); break;
        case "personProportion": c.personProportion = Integer.parseInt(v); break;
        case "auctionProportion": c.auctionProportion = Integer.parseInt(v); break;
        case "bidProportion": c.bidProportion = Integer.parseInt(v); break;
        case "avgPersonByteSize": c.avgPersonByteSize = Integer.parseInt(v); break;
        case "avgAuctionByteSize": c.avgAuctionByteSize = Integer.parseInt(v); break;
        case "avgBidByteSize": c.avgBidByteSize = Integer.parseInt(v); break;
        case "hotAuctionRatio": c.hotAuctionRatio = Integer.parseInt(v); break;
        case "hotSellersRatio": c.hotSellersRatio = Integer.parseInt(v); break;
        case "hotBiddersRatio": c.hotBiddersRatio = Integer.parseInt(v); break;
        case "numInFlightAuctions": c.numInFlightAuctions = Integer.parseInt(v); break;
        case "numActivePeople": c.numActivePeople = Integer.parseInt(v); break;
        default: throw new IllegalArgumentException(k);
      }
    }
    GeneratorConfig gc = new GeneratorConfig(c, baseTime, firstEventId, numEvents, -1L, firstEventNumber);
    NexmarkGenerator g = new NexmarkGenerator(gc, skip, 0L);
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, "UTF-8");
    long i = skip;
    while (g.hasNext()) {
      NexmarkGenerator.NextEvent ne = g.next();
      out.print(i++); out.print('|'); out.print(ne.eventTimestamp); out.print('|'); out.print(ne.watermark); out.print('|');
      Event e = ne.event;
      switch (e.type) {
        case PERSON: { Person p = e.newPerson;
          out.print("P|" + p.id + "|" + p.name + "|" + p.emailAddress + "|" + p.creditCard + "|" + p.city + "|" + p.state + "|" + p.dateTime.toEpochMilli() + "|" + p.extra); break; }
        case AUCTION: { Auction x = e.newAuction;
          out.print("A|" + x.id + "|" + x.itemName + "|" + x.description + "|" + x.initialBid + "|" + x.reserve + "|" + x.dateTime.toEpochMilli() + "|" + x.expires.toEpochMilli() + "|" + x.seller + "|" + x.category + "|" + x.extra); break; }
        case BID: { Bid b = e.bid;
          out.print("B|" + b.auction + "|" + b.bidder + "|" + b.price + "|" + b.channel + "|" + b.url + "|" + b.dateTime.toEpochMilli() + "|" + b.extra); break; }
      }
      out.print('\n');
    }
    out.flush();
  }
}
