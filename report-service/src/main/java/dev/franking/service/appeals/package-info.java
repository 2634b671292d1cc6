/**
 * Appeals (PROTOCOL.md §7, EU DSA Art. 20; issue 14): the reporter or the user an action was taken
 * against contests a case's decision within six months, and someone other than the original decider
 * upholds or reverses it. Owner of the {@code appeals} table, a back-office aggregate kept through
 * Spring Data JPA with {@code @Version}; it reaches cases, reports and the outbox only through
 * their public methods. The appellant's statement and the decider's reason are sealed under the
 * case's data key (cases' {@code ContestedDecisions} hands it over), and dropped when retention
 * shreds the case; {@code AppealsPort} is the review UI's port, auditing refused attempts.
 */
package dev.franking.service.appeals;
