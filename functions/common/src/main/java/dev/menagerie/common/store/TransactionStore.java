package dev.menagerie.common.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Where transactions are written (one per request) and read back. */
public interface TransactionStore {
  void put(Transaction transaction);

  Optional<Transaction> get(String requestId);

  /** Every transaction of one UTC day, oldest first. */
  List<Transaction> listDay(LocalDate day);
}
