package io.tickflow.query.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Route plans: active owner first, then standbys; local when the owner is this instance; none while rebalancing. */
class KeyOwnerRouterTest {

  private static final HostInfo A = new HostInfo("a", 8080);
  private static final HostInfo B = new HostInfo("b", 8080);
  private static final HostInfo C = new HostInfo("c", 8080);

  private static ClusterMetadata cluster(HostInfo self, Optional<KeyOwners> owners) {
    return new ClusterMetadata() {
      @Override
      public HostInfo self() {
        return self;
      }

      @Override
      public Optional<KeyOwners> ownersOf(String symbol) {
        return owners;
      }

      @Override
      public List<InstanceInfo> instances() {
        return List.of();
      }
    };
  }

  @Test
  void shouldServeLocallyWhenThisInstanceOwnsTheKey() {
    RoutePlan plan = new KeyOwnerRouter(cluster(A, Optional.of(new KeyOwners(A, List.of(B))))).route("ES");

    assertThat(plan.targets()).containsExactly(new Target(A, true, false), new Target(B, false, true));
  }

  @Test
  void shouldForwardToOwnerThenTryStandbysWhenAnotherInstanceOwnsTheKey() {
    RoutePlan plan = new KeyOwnerRouter(cluster(B, Optional.of(new KeyOwners(A, List.of(B, C))))).route("ES");

    assertThat(plan.targets())
        .containsExactly(new Target(A, false, false), new Target(B, true, true), new Target(C, false, true));
  }

  @Test
  void shouldPlanNothingWhenMetadataIsNotAvailable() {
    assertThat(new KeyOwnerRouter(cluster(A, Optional.empty())).route("ES").isUnavailable()).isTrue();
  }

  @Test
  void shouldAnswerLocallyOnlyWhenRequestWasForwarded() {
    KeyOwnerRouter router = new KeyOwnerRouter(cluster(B, Optional.of(new KeyOwners(A, List.of()))));

    assertThat(router.routeForwarded(true).targets()).containsExactly(new Target(B, true, true));
  }
}
