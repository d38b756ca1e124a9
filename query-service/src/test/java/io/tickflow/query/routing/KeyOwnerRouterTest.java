package io.tickflow.query.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.query.data.Dataset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Route plans: active owner first, then standbys; local when the owner is this instance; none while rebalancing. */
class KeyOwnerRouterTest {

  private static final HostInfo A = new HostInfo("a", 8080);
  private static final HostInfo B = new HostInfo("b", 8080);
  private static final HostInfo C = new HostInfo("c", 8080);

  private static ClusterMetadata cluster(HostInfo self, Optional<KeyOwners> owners) {
    return cluster(self, dataset -> owners);
  }

  private static ClusterMetadata cluster(HostInfo self, Function<Dataset, Optional<KeyOwners>> owners) {
    return new FixedCluster(self, owners);
  }

  @Test
  void shouldServeLocallyWhenThisInstanceOwnsTheKey() {
    RoutePlan plan = new KeyOwnerRouter(cluster(A, Optional.of(new KeyOwners(A, List.of(B))))).route(Dataset.BARS, "ES");

    assertThat(plan.targets()).containsExactly(new Target(A, true, false), new Target(B, false, true));
  }

  @Test
  void shouldForwardToOwnerThenTryStandbysWhenAnotherInstanceOwnsTheKey() {
    RoutePlan plan = new KeyOwnerRouter(cluster(B, Optional.of(new KeyOwners(A, List.of(B, C))))).route(Dataset.BARS, "ES");

    assertThat(plan.targets())
        .containsExactly(new Target(A, false, false), new Target(B, true, true), new Target(C, false, true));
  }

  @Test
  void shouldPlanNothingWhenMetadataIsNotAvailable() {
    assertThat(new KeyOwnerRouter(cluster(A, Optional.empty())).route(Dataset.BARS, "ES").isUnavailable()).isTrue();
  }

  @Test
  void shouldRouteEachDatasetToItsOwnOwnerWhenTasksAreSpreadApart() {
    KeyOwnerRouter router = new KeyOwnerRouter(cluster(A, dataset -> Optional.of(
        dataset == Dataset.QUOTES ? new KeyOwners(B, List.of(A)) : new KeyOwners(A, List.of(B)))));

    assertThat(router.route(Dataset.BARS, "ES").targets().get(0)).isEqualTo(new Target(A, true, false));
    assertThat(router.route(Dataset.QUOTES, "ES").targets().get(0)).isEqualTo(new Target(B, false, false));
    assertThat(router.route(Dataset.BOOK, "ES").targets().get(0)).isEqualTo(new Target(A, true, false));
  }

  @Test
  void shouldAnswerLocallyOnlyWhenRequestWasForwardedToAnInstanceHoldingTheKeyInThatRole() {
    KeyOwnerRouter standby = new KeyOwnerRouter(cluster(B, Optional.of(new KeyOwners(A, List.of(B)))));
    KeyOwnerRouter owner = new KeyOwnerRouter(cluster(A, Optional.of(new KeyOwners(A, List.of(B)))));

    assertThat(standby.routeForwarded(Dataset.BARS, "ES", true).targets()).containsExactly(new Target(B, true, true));
    assertThat(owner.routeForwarded(Dataset.BARS, "ES", false).targets()).containsExactly(new Target(A, true, false));
    assertThat(owner.routeForwarded(Dataset.BARS, "ES", true).targets()).containsExactly(new Target(A, true, true));
  }

  @Test
  void shouldPlanNothingWhenRequestWasForwardedToAnInstanceNotHoldingTheKeyInThatRole() {
    KeyOwnerRouter standby = new KeyOwnerRouter(cluster(B, Optional.of(new KeyOwners(A, List.of(B)))));
    KeyOwnerRouter neither = new KeyOwnerRouter(cluster(C, Optional.of(new KeyOwners(A, List.of(B)))));

    assertThat(standby.routeForwarded(Dataset.BARS, "ES", false).isUnavailable()).isTrue();
    assertThat(neither.routeForwarded(Dataset.BARS, "ES", true).isUnavailable()).isTrue();
    assertThat(new KeyOwnerRouter(cluster(A, Optional.empty())).routeForwarded(Dataset.BARS, "ES", false)
        .isUnavailable()).isTrue();
  }
}
