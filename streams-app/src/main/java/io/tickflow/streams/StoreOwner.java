package io.tickflow.streams;

/**
 * The one thread allowed to write a store that holds its writes until the commit: the first to write after the store
 * was initialized, which is the stream thread processing its task. Other threads (interactive queries) only read, and
 * see the store as of the last commit.
 */
public final class StoreOwner {

  private final String storeName;
  private volatile Thread owner;

  public StoreOwner(String storeName) {
    this.storeName = storeName;
  }

  /** Forgets the owner: the store was initialized again, maybe for another thread. */
  public void reset() {
    owner = null;
  }

  /** True when the calling thread owns the store. */
  public boolean isCaller() {
    return Thread.currentThread() == owner;
  }

  /** Makes the calling thread the owner if there is none yet; refuses any other thread. */
  public void requireCaller() {
    if (owner == null) {
      owner = Thread.currentThread();
    } else if (Thread.currentThread() != owner) {
      throw new IllegalStateException("store " + storeName + " is written only by the stream thread that owns it");
    }
  }
}
