package org.openmm7.client.message;

import java.util.ArrayList;
import java.util.List;

/** The To, Cc and Bcc recipients of a message; at least one address in all. */
public record Recipients(List<Address> to, List<Address> cc, List<Address> bcc) {
  public Recipients {
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    bcc = List.copyOf(bcc);
  }

  public static Recipients to(Address... to) {
    return new Recipients(List.of(to), List.of(), List.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every address, To first. */
  public List<Address> all() {
    List<Address> all = new ArrayList<>(to.size() + cc.size() + bcc.size());
    all.addAll(to);
    all.addAll(cc);
    all.addAll(bcc);
    return all;
  }

  public boolean isEmpty() {
    return to.isEmpty() && cc.isEmpty() && bcc.isEmpty();
  }

  /** Collects recipients in order. */
  public static final class Builder {
    private final List<Address> to = new ArrayList<>();
    private final List<Address> cc = new ArrayList<>();
    private final List<Address> bcc = new ArrayList<>();

    public Builder to(Address... addresses) {
      to.addAll(List.of(addresses));
      return this;
    }

    public Builder cc(Address... addresses) {
      cc.addAll(List.of(addresses));
      return this;
    }

    public Builder bcc(Address... addresses) {
      bcc.addAll(List.of(addresses));
      return this;
    }

    public Recipients build() {
      return new Recipients(to, cc, bcc);
    }
  }
}
