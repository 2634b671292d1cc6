/**
 * Appeals (PROTOCOL.md §7, EU DSA Art. 20; issue 14): the reporter or the user an action was taken
 * against contests a case's decision within six months, and someone other than the original decider
 * upholds or reverses it. Owner of the {@code appeals} table, a back-office aggregate kept through
 * Spring Data JPA with {@code @Version}; it reaches cases, reports and the outbox only through
 * their public methods.
 */
package dev.franking.service.appeals;
