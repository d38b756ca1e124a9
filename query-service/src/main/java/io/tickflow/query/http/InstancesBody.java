package io.tickflow.query.http;

import io.tickflow.query.routing.InstanceInfo;
import java.util.List;

/** The body of {@code GET /api/v1/instances}: this instance and every instance with what it hosts. */
public record InstancesBody(String self, List<InstanceInfo> instances) {

  public InstancesBody {
    instances = List.copyOf(instances);
  }

  /** One instance as a CSV row; partition and store lists are joined with ';'. */
  public record Row(String server, boolean self, String activePartitions, String standbyPartitions, String stores) {

    static Row of(InstanceInfo info) {
      return new Row(info.server(), info.self(), String.join(";", info.activePartitions()),
          String.join(";", info.standbyPartitions()), String.join(";", info.stores()));
    }
  }
}
