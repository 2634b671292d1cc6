package dev.franking.review.web;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The sign-in page (Spring Security processes the POST) and the access-denied page. */
@Controller
public class LoginController extends ReviewPages {

    @GetMapping(ReviewSecurityConfig.LOGIN)
    String login() {
        return "review/login";
    }

    /** Spring Security forwards here (with the original method) when access is denied, CSRF included. */
    @RequestMapping(ReviewSecurityConfig.DENIED)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied() {
        return "review/denied";
    }
}
