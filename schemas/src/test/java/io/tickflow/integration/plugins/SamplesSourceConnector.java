package io.tickflow.integration.plugins;

import io.tickflow.connect.converter.ConnectAvroData;
import io.tickflow.testing.ContractSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** Test plugin: emits every contract sample once, as Connect Structs, to the topic in {@code topic}. */
public class SamplesSourceConnector extends SourceConnector {

  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return SamplesTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(props);
  }

  @Override
  public void stop() {
  }

  @Override
  public ConfigDef config() {
    return new ConfigDef().define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Target topic.");
  }

  @Override
  public String version() {
    return "test";
  }

  /** Emits the samples on the first poll, then nothing. */
  public static class SamplesTask extends SourceTask {

    private String topic;
    private boolean done;

    @Override
    public void start(Map<String, String> props) {
      topic = props.get("topic");
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
      if (done) {
        Thread.sleep(100);
        return null;
      }
      done = true;
      List<SourceRecord> records = new ArrayList<>();
      for (var sample : ContractSamples.all()) {
        Struct struct = ConnectAvroData.get().toStruct((GenericRecord) sample);
        records.add(new SourceRecord(Map.of("samples", "all"), Map.of("emitted", records.size()), topic,
            null, Schema.STRING_SCHEMA, "ESZ6", struct.schema(), struct));
      }
      return records;
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
      return "test";
    }
  }
}
