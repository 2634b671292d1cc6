package dev.franking.review.model;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The signed-in moderator, as the review UI's interfaces see them. */
public record Reviewer(String username, Set<Role> roles) {
    public Reviewer {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean has(Role r) {
        return roles.contains(r);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }

    /** Child-safety cases are for child-safety moderators and admins only. */
    public boolean seesChildSafety() {
        return has(Role.CHILD_SAFETY) || has(Role.ADMIN);
    }

    public static Reviewer from(Authentication auth) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority a : auth.getAuthorities()) {
            for (Role r : Role.values()) {
                if (r.authority().equals(a.getAuthority())) {
                    roles.add(r);
                }
            }
        }
        return new Reviewer(auth.getName(), roles);
    }
}
